using Hangfire.AspNetCore;
using Hangfire.Logging;

namespace PolicyTracker.Web.Jobs;

/// <summary>
/// Hangfire logs through a process-wide static provider bound to one host's logger factory. When two hosts share a
/// process (the tests, the bench) and the host that set it stops, its factory is disposed under the other; a logger
/// asked for then is silent instead of failing the job or dashboard request that wanted to log.
/// </summary>
internal sealed class HostLogProvider(ILoggerFactory factory) : ILogProvider
{
    private readonly AspNetCoreLogProvider _inner = new(factory);

    public ILog GetLogger(string name)
    {
        try
        {
            return _inner.GetLogger(name);
        }
        catch (ObjectDisposedException)
        {
            return Silent.Instance;
        }
    }

    private sealed class Silent : ILog
    {
        public static readonly Silent Instance = new();

        public bool Log(Hangfire.Logging.LogLevel logLevel, Func<string> messageFunc, Exception exception = null!) => false;
    }
}
