using System.CommandLine;
using StreamForecast.Engine.Checkpoints;
using StreamForecast.Engine.Inference;
using StreamForecast.Predictor.Tools.Offline;

namespace StreamForecast.Predictor.Tools.Cli;

/// <summary><c>model run --model FILE --input IN.csv --output OUT.csv</c>.</summary>
internal static class ModelRunCommand
{
    public static Command Create()
    {
        var model = new Option<FileInfo>("--model") { Description = "Checkpoint (.safetensors, PyTorch names).", Required = true };
        var input = new Option<FileInfo>("--input") { Description = "CSV with header series,timestamp,x[,x1,…], time order; x in the model's scaled units (scaled flows), not prices.", Required = true };
        var output = new Option<FileInfo>("--output") { Description = "CSV to write: series,timestamp,y[,y1,…], y in the model's scaled units.", Required = true };
        var command = new Command("run", "Runs a checkpoint's raw network over a CSV stream, carrying (h, c) per series across rows. Inputs and outputs are the model's scaled units (differenced, scaled flows), not prices: for price forecasts use backtest.")
        {
            model, input, output,
        };
        command.SetAction(result => Run(result.GetValue(model)!, result.GetValue(input)!, result.GetValue(output)!));
        return command;
    }

    private static int Run(FileInfo modelFile, FileInfo inputFile, FileInfo outputFile)
    {
        try
        {
            LstmCheckpoint checkpoint = LstmCheckpoint.Load(modelFile.FullName);
            using var backend = new CpuLstmBackend(checkpoint.Parameters);
            using var reader = new StreamReader(inputFile.FullName);
            string temporary = outputFile.FullName + ".tmp";
            long rows;
            try
            {
                using (var writer = new StreamWriter(temporary))
                {
                    rows = new CsvModelRunner(backend).Run(reader, writer, inputFile.Name);
                }

                File.Move(temporary, outputFile.FullName, overwrite: true);
            }
            finally
            {
                File.Delete(temporary);
            }
            Console.Error.WriteLine($"model run: {rows} rows, model {checkpoint.Shape}, wrote {outputFile.Name}");
            return 0;
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"error: {ex.Message}");
            return 2;
        }
    }
}
