using StreamForecast.Ingest.Cli;
using StreamForecast.ServiceDefaults.Configuration;

return await SafeCommandLine.InvokeAsync(IngestCommands.Build(), args).ConfigureAwait(false);
