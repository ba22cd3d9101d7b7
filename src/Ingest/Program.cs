using StreamForecast.Ingest.Cli;

return await IngestCommands.Build().Parse(args).InvokeAsync().ConfigureAwait(false);
