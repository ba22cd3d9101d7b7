using Microsoft.Extensions.Logging;

namespace StreamForecast.Predictor.Tests;

/// <summary>A logger that keeps every formatted line, with its level.</summary>
internal sealed class LinesLogger : ILogger
{
    public List<string> Lines { get; } = [];

    public List<LogLevel> Levels { get; } = [];

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        Lines.Add(formatter(state, exception));
        Levels.Add(logLevel);
    }
}
