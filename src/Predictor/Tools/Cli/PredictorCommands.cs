using System.CommandLine;

namespace StreamForecast.Predictor.Tools.Cli;

/// <summary>The predictor's command line: <c>model run</c>, <c>bench</c>, and later <c>train</c>, <c>serve</c>.</summary>
internal static class PredictorCommands
{
    public static RootCommand Build()
    {
        var model = new Command("model", "Work with model checkpoints, and roll them out on the models topic.");
        model.Subcommands.Add(ModelRunCommand.Create());
        model.Subcommands.Add(ModelInfoCommand.Create());
        model.Subcommands.Add(ModelPublishCommand.Create());
        model.Subcommands.Add(ModelPromoteCommand.Create());
        model.Subcommands.Add(ModelRetireCommand.Create());
        model.Subcommands.Add(ModelListCommand.Create());
        var root = new RootCommand("Stream predictor: stateful LSTM forecasting.");
        root.Subcommands.Add(model);
        root.Subcommands.Add(TrainCommand.Create());
        root.Subcommands.Add(FinetuneCommand.Create());
        root.Subcommands.Add(WalkForwardCommand.Create());
        root.Subcommands.Add(BacktestCommand.Create());
        root.Subcommands.Add(ServeCommand.Create());
        root.Subcommands.Add(WatchCommand.Create());
        root.Subcommands.Add(BenchCommand.Create());
        root.Subcommands.Add(StateCommand.Create());
        root.Subcommands.Add(VerifyCommand.Create());
        return root;
    }
}
