using System.Net;
using System.Net.Sockets;

namespace StreamForecast.Messaging.Tests;

public sealed class BrokerProbeTests
{
    [Fact]
    public void NoBrokerAtTheAddress_SaysSoAtOnce_WithWhatToDo()
    {
        using var closed = new TcpListener(IPAddress.Loopback, 0);
        closed.Start();
        int port = ((IPEndPoint)closed.LocalEndpoint).Port;
        closed.Stop();

        string? problem = BrokerProbe.Unreachable($"127.0.0.1:{port}", TimeSpan.FromSeconds(2));

        Assert.Equal($"no Kafka broker answers at 127.0.0.1:{port}: start one with ./stream broker (it writes its address to .stream/bootstrap, which every command reads), or pass --brokers HOST:PORT", problem);
    }

    [Fact]
    public void OneListeningServerOfSeveral_IsEnough()
    {
        using var open = new TcpListener(IPAddress.Loopback, 0);
        open.Start();
        int port = ((IPEndPoint)open.LocalEndpoint).Port;

        Assert.Null(BrokerProbe.Unreachable($"127.0.0.1:1, PLAINTEXT://127.0.0.1:{port}", TimeSpan.FromSeconds(2)));
    }
}
