using StreamForecast.Predictor.Tools.Cli;

return PredictorCommands.Build().Parse(args).Invoke();
