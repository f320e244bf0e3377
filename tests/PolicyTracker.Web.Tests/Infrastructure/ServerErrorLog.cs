using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace PolicyTracker.Web.Tests.Infrastructure;

/// <summary>
/// Keeps what the host logged at Error level, so a test that meets an unexpected 500 can say why in its failure
/// message (the response itself deliberately tells the caller nothing).
/// </summary>
public sealed class ServerErrorLog : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _errors = new();

    public IReadOnlyCollection<string> Errors => _errors;

    public string Last => _errors.LastOrDefault() ?? "(nothing logged)";

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose() { }

    private sealed class Logger(ServerErrorLog log, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Error;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel)) log._errors.Enqueue($"{category}: {formatter(state, exception)} {exception}");
        }
    }
}
