namespace StreamForecast.Messaging;

/// <summary>
/// Where the brokers are: <c>--brokers</c> if given, else the address <c>./stream broker</c> wrote to its
/// bootstrap file (default <c>.stream/bootstrap</c>), else <c>localhost:9092</c>.
/// </summary>
internal static class BrokerAddress
{
    public const string DefaultFile = ".stream/bootstrap";
    public const string Fallback = "localhost:9092";

    public static string Resolve(string? brokers, string? bootstrapFile = null)
    {
        if (!string.IsNullOrWhiteSpace(brokers))
        {
            return brokers.Trim();
        }

        string file = bootstrapFile ?? DefaultFile;
        return File.Exists(file) && File.ReadAllText(file).Trim() is { Length: > 0 } written ? written : Fallback;
    }
}
