using StreamForecast.Predictor.Tools.Cli;
using StreamForecast.ServiceDefaults.Configuration;
using StreamForecast.ServiceDefaults.Hosting;

ShutdownSignals.CatchEarly();
return SafeCommandLine.Invoke(PredictorCommands.Build(), args);
