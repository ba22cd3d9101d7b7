using StreamForecast.Predictor.Tools.Cli;
using StreamForecast.ServiceDefaults.Configuration;

return SafeCommandLine.Invoke(PredictorCommands.Build(), args);
