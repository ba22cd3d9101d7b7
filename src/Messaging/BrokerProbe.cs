using System.Globalization;
using System.Net.Sockets;

namespace StreamForecast.Messaging;

/// <summary>
/// Whether any bootstrap server accepts a connection, asked once at start: without one, librdkafka prints
/// nothing useful for many seconds and then "Local: Broker transport failure". This says at once where it
/// looked and what to do.
/// </summary>
internal static class BrokerProbe
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(3);

    /// <summary>Null when a server of <paramref name="bootstrap"/> accepts a TCP connection within <paramref name="timeout"/>; else the sentence to print.</summary>
    public static string? Unreachable(string bootstrap, TimeSpan timeout)
    {
        string[] servers = [.. bootstrap.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
        using var deadline = new CancellationTokenSource(timeout);
        Task<bool>[] attempts = [.. servers.Select(server => Connects(server, deadline.Token))];
        Task.WaitAll(attempts);   // each attempt answers false for a failure of its own; none throws
        return attempts.Any(attempt => attempt.Result)
            ? null
            : $"no Kafka broker answers at {bootstrap}: start one with ./stream broker (it writes its address to {BrokerAddress.DefaultFile}, which every command reads), or pass --brokers HOST:PORT";
    }

    private static async Task<bool> Connects(string server, CancellationToken cancellation)
    {
        string address = server.Contains("://", StringComparison.Ordinal) ? server[(server.IndexOf("://", StringComparison.Ordinal) + 3)..] : server;
        int colon = address.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(address[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out int port))
        {
            return false;
        }

        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(address[..colon].Trim('[', ']'), port, cancellation).ConfigureAwait(false);
            return true;
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException)
        {
            return false;
        }
    }
}
