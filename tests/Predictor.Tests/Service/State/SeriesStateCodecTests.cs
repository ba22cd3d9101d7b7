using StreamForecast.Engine.Inference;
using StreamForecast.Forecasting.Forecasts;
using StreamForecast.Forecasting.Intervals;
using StreamForecast.Predictor.Service.State;
using StreamForecast.Forecasting.Tests.Forecasts;

namespace StreamForecast.Predictor.Tests.Service.State;

public sealed class SeriesStateCodecTests
{
    [Fact]
    public void SnapshotThroughTheStateRecordIntoAFreshProcessor_ContinuesBitForBitAsIfNeverStopped()
    {
        ForecastModel model = TestForecasters.Recursive();
        SeriesBar[] bars = [.. TestForecasters.Btc(600).Select(b => new SeriesBar("S", b))];
        ForecastSettings settings = TestForecasters.Settings(5);
        ulong fingerprint = ModelFingerprint.Of(model, settings);
        List<Forecast> uninterrupted = TestForecasters.Run(model, bars, settings);
        var expectedScores = new ScoreList();
        TestForecasters.Run(model, bars, settings, expectedScores);

        var first = new List<Forecast>();
        var scores = new ScoreList();
        byte[] record;
        using (var backend = new CpuLstmBackend(model.Checkpoint.Parameters))
        using (var processor = new ForecastProcessor(model, backend, settings))
        {
            processor.Process(bars.AsSpan(0, 333), first, scores.Bars);
            scores.Collect();
            record = SeriesStateCodec.Write(new StateHeader(fingerprint, 3, 332), processor.Snapshot("S"), settings.Horizon);
        }

        var second = new List<Forecast>();
        using (var backend = new CpuLstmBackend(model.Checkpoint.Parameters))
        using (var processor = new ForecastProcessor(model, backend, settings))
        {
            processor.Process([new SeriesBar("other", bars[0].Bar)], [], null);
            var (header, snapshot) = StateRecord.Decode("S", record, fingerprint, settings.Horizon, out _)!.Value;
            processor.Restore(snapshot);
            processor.Process(bars.AsSpan(333), second, scores.Bars);
            scores.Collect();
            Assert.Equal(new StateHeader(fingerprint, 3, 332), header);
            Assert.True(processor.TryGetSeries("S", out SeriesState state));
            Assert.Equal(600, state.Bars);
        }

        List<Forecast> resumed = [.. first, .. second];
        Assert.Equal(uninterrupted.Count, resumed.Count);
        for (int i = 0; i < resumed.Count; i++)
        {
            Assert.Equal(uninterrupted[i].AsOf, resumed[i].AsOf);
            Assert.Equal(uninterrupted[i].Closes, resumed[i].Closes);
            Assert.Equal(uninterrupted[i].HalfWidths, resumed[i].HalfWidths);
        }

        Assert.True(uninterrupted[^1].HalfWidths!.All(double.IsFinite));

        Assert.Equal(expectedScores, scores);
    }

    [Fact]
    public void Decode_StateOfAnotherModelOrSettings_IsRefused()
    {
        ForecastModel model = TestForecasters.Recursive();
        byte[] record = Record(model, TestForecasters.Settings(2));

        ulong otherModel = ModelFingerprint.Of(TestForecasters.Recursive(seed: 9), TestForecasters.Settings(2));
        ulong otherHorizon = ModelFingerprint.Of(model, TestForecasters.Settings(3));

        Assert.NotNull(StateRecord.Decode("S", record, ModelFingerprint.Of(model, TestForecasters.Settings(2)), 2, out _));
        Assert.Null(StateRecord.Decode("S", record, otherModel, 2, out var refused));
        Assert.Equal(StateRecord.OtherModel, refused.Code);
        Assert.NotEqual(otherModel, otherHorizon);
        Assert.Null(StateRecord.Decode("S", record, otherHorizon, 2, out _));
    }

    [Fact]
    public void Decode_CorruptedTruncatedOrForeignRecord_IsRefusedWithAReason()
    {
        ForecastModel model = TestForecasters.Recursive();
        ForecastSettings settings = TestForecasters.Settings(2);
        ulong fingerprint = ModelFingerprint.Of(model, settings);
        byte[] record = Record(model, settings);
        byte[] flipped = [.. record];
        flipped[record.Length / 2] ^= 0x10;

        Assert.Null(StateRecord.Decode("S", flipped, fingerprint, 2, out var corrupt));
        Assert.Null(StateRecord.Decode("S", record[..^7], fingerprint, 2, out var truncated));
        Assert.Null(StateRecord.Decode("S", "{\"series\":\"S\"}"u8.ToArray(), fingerprint, 2, out var foreign));

        Assert.Equal((StateRecord.Corrupt, "state of S: the state record fails its CRC-32 (corrupted)"), corrupt);
        Assert.Equal(StateRecord.Corrupt, truncated.Code);
        Assert.Contains("state format 123", foreign.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_TextbookModelAtKTen_IsTheDocumentedSize()
    {
        ForecastModel model = TestForecasters.Recursive(hidden: 100);
        ForecastSettings settings = TestForecasters.Settings(10);
        byte[] withIntervals = Record(model, settings, bars: 2000);
        byte[] without = Record(model, settings with { Intervals = IntervalSettings.None }, bars: 2000);

        // src/Predictor/Service/State/README.md: (h, c) 1,602 B, scores 1,692-1,710 B, 10 pending forecasts 1,070 B,
        // baselines 259 B, the rest about 60 B; a change that grows the layout shows here.
        Assert.InRange(without.Length, 4400, 4700);

        // Intervals (default: lstm and naive, K = 10, W = 500, two levels): 20 windows of 500 doubles, the
        // working levels and scores, and each pending forecast's 40 half-widths.
        Assert.InRange(withIntervals.Length - without.Length, 84_000, 85_000);
    }

    private static byte[] Record(ForecastModel model, ForecastSettings settings, int bars = 100)
    {
        using var backend = new CpuLstmBackend(model.Checkpoint.Parameters);
        using var processor = new ForecastProcessor(model, backend, settings);
        processor.Process([.. TestForecasters.Btc(bars).Select(b => new SeriesBar("S", b))], new List<Forecast>());
        return SeriesStateCodec.Write(new StateHeader(ModelFingerprint.Of(model, settings), 0, bars - 1), processor.Snapshot("S"), settings.Horizon);
    }
}
