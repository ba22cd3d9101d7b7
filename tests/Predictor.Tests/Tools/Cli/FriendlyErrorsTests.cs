using StreamForecast.Engine.Checkpoints;
using StreamForecast.Forecasting.Tests;
using StreamForecast.MarketData;

namespace StreamForecast.Predictor.Tests.Tools.Cli;

/// <summary>The mistakes a newcomer makes first get a sentence that says what to do.</summary>
public sealed class FriendlyErrorsTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("stream-errors-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void ABarFileGivenAsTheModel_IsNotASafetensorsFile()
    {
        string csv = Path.Combine(_directory, "bars.csv");
        File.WriteAllText(csv, "timestamp,open,high,low,close,volume\n60,1,2,0.5,1.5,1\n");

        var text = Assert.Throws<InvalidDataException>(() => LstmCheckpoint.Load(csv));
        var gzip = Assert.Throws<InvalidDataException>(() => LstmCheckpoint.Load(Fixtures.Data("btcusd-gdax-1m-2017-06-19_25.csv.gz")));

        Assert.Equal($"{csv}: not a safetensors file (a model checkpoint such as models/global-lstm-2x100.safetensors, made by train): it starts with \"timestamp,open,high,low,close,volume\", text such as a CSV of bars.", text.Message);
        Assert.EndsWith("not a safetensors file (a model checkpoint such as models/global-lstm-2x100.safetensors, made by train): it is gzip-compressed, like a file of bars.", gzip.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AWrongSeriesInALongFile_ListsTheSeriesItHas_WithTheOneMeant()
    {
        string path = Path.Combine(_directory, "long.csv");
        File.WriteAllText(path, "symbol,timestamp,close\nAAPL,60,1\nMSFT,60,2\nBTC-USD,60,3\n");

        var error = Assert.Throws<InvalidDataException>(() => new BarReader(path, options: new BarFileOptions(Series: "btc-usd")).ReadAll());

        Assert.Equal($"no rows of series 'btc-usd' in {path} (did you mean 'BTC-USD'?); it has 3: AAPL, MSFT, BTC-USD", error.Message);
        Assert.Single(new BarReader(path, options: new BarFileOptions(Series: "MSFT")).ReadAll());
    }
}
