using StreamForecast.Predictor.Cli;

return PredictorCommands.Build().Parse(args).Invoke();
