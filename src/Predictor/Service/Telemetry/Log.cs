using Microsoft.Extensions.Logging;

namespace StreamForecast.Predictor.Service.Telemetry;

/// <summary>The predictor's log messages (source-generated; trace and span ids come from the current activity).</summary>
internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Information, "serving: librdkafka {LibrdkafkaVersion}, brokers {Brokers}, group {Group}, model {Model} ({Shape}), overrides {Overrides}, K = {Horizon}")]
    public static partial void Serving(ILogger logger, string librdkafkaVersion, string? brokers, string group, string model, string shape, string overrides, int horizon);

    [LoggerMessage(2, LogLevel.Information, "assigned partitions {Partitions}: {Restored} series restored from the state topic, {Refused} refused, {Stale} stale copies ignored, in {Seconds:F3} s")]
    public static partial void Assigned(ILogger logger, string partitions, int restored, int refused, int stale, double seconds);

    [LoggerMessage(17, LogLevel.Warning, "a stale copy of the state of {Series} was ignored: its last bar {StaleBar} is older than the copy restored ({RestoredBar})")]
    public static partial void StaleState(ILogger logger, string series, long staleBar, long restoredBar);

    [LoggerMessage(3, LogLevel.Information, "released partitions {Partitions} ({Purged} of their bars left unprocessed for the new owner); their series continue from the state topic where they go")]
    public static partial void Released(ILogger logger, string partitions, int purged);

    [LoggerMessage(4, LogLevel.Warning, "consume error (going on): {Reason}")]
    public static partial void ConsumeError(ILogger logger, string reason);

    [LoggerMessage(5, LogLevel.Error, "stopping on a fatal error: {Reason}")]
    public static partial void Stopping(ILogger logger, string reason, Exception? exception);

    [LoggerMessage(6, LogLevel.Warning, "waiting for deliveries ({Outstanding} outstanding)")]
    public static partial void WaitingForDeliveries(ILogger logger, int outstanding);

    [LoggerMessage(16, LogLevel.Warning, "{Total} dead letters in the last minute: {Counts} ({Unlogged} not logged one by one: the first 5 of each reason a minute are)")]
    public static partial void DeadLetterSummary(ILogger logger, long total, string counts, long unlogged);

    [LoggerMessage(7, LogLevel.Warning, "dead letter from {Source}: {Code}: {Detail}")]
    public static partial void DeadLettered(ILogger logger, string source, string code, string detail);

    [LoggerMessage(8, LogLevel.Information, "status: {Counters}")]
    public static partial void Status(ILogger logger, string counters);

    [LoggerMessage(9, LogLevel.Information, "stopped: {Counters}")]
    public static partial void Stopped(ILogger logger, string counters);

    [LoggerMessage(10, LogLevel.Warning, "gave up on {Outstanding} outstanding deliveries after the {Seconds} s shutdown timeout; their bars' offsets are not stored, so they are processed again")]
    public static partial void DeliveriesAbandoned(ILogger logger, int outstanding, double seconds);

    [LoggerMessage(11, LogLevel.Error, "a dead letter could not be written: {Reason}")]
    public static partial void DeadLetterFailed(ILogger logger, string reason);

    [LoggerMessage(12, LogLevel.Warning, "a state record was not applied, the series starts afresh: {Detail}")]
    public static partial void StateRefused(ILogger logger, string detail);

    [LoggerMessage(13, LogLevel.Warning, "committing offsets failed (the next checkpoint commits at least as far): {Reason}")]
    public static partial void CommitFailed(ILogger logger, string reason);

    [LoggerMessage(15, LogLevel.Information, "series store: at most {MaxSeries} series, {BytesPerSeries} bytes a series (row and LSTM state), memory budget {BudgetBytes} bytes")]
    public static partial void SeriesCapacity(ILogger logger, int maxSeries, long bytesPerSeries, long budgetBytes);

    [LoggerMessage(14, LogLevel.Warning, "no metadata for output topic {Topic} yet (it is fetched again at its first record): {Reason}")]
    public static partial void MetadataFailed(ILogger logger, string topic, string reason);

    [LoggerMessage(18, LogLevel.Information, "series that no --model-for names are forecast with {Model}: {What}")]
    public static partial void DefaultModel(ILogger logger, string model, string what);

    [LoggerMessage(19, LogLevel.Debug, "new series {Series}: forecast with the default model {Model} (no --model-for names it)")]
    public static partial void NewSeriesOnDefault(ILogger logger, string series, string model);

    [LoggerMessage(20, LogLevel.Warning, "series {Series} closes at {Close}, far outside the {Low} to {High} that its per-series model {Model} was trained on: its LSTM forecasts mean little; serve it with a global model (--model models/global-lstm-2x100.safetensors, or train one)")]
    public static partial void OutsideTrainingRange(ILogger logger, string series, double close, double low, double high, string model);

    [LoggerMessage(21, LogLevel.Error, "{Problem} (the service waits for one and is not ready until then)")]
    public static partial void NoBroker(ILogger logger, string problem);
}
