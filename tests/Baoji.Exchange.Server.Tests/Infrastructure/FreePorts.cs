using System.Net;
using System.Net.Sockets;

namespace Baoji.Exchange.Server.Tests.Infrastructure;

internal static class FreePorts
{
    /// <summary>Ports that were free a moment ago on 127.0.0.1 (held open together so they differ).</summary>
    public static int[] Take(int count)
    {
        var listeners = Enumerable.Range(0, count).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToList();
        listeners.ForEach(l => l.Start());
        var ports = listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port).ToArray();
        listeners.ForEach(l => l.Stop());
        return ports;
    }
}
