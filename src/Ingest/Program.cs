using StreamForecast.Ingest.Cli;
using StreamForecast.ServiceDefaults.Configuration;
using StreamForecast.ServiceDefaults.Hosting;

ShutdownSignals.CatchEarly();
return await SafeCommandLine.InvokeAsync(IngestCommands.Build(), args).ConfigureAwait(false);
