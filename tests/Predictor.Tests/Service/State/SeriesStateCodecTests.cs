using System.Buffers;
using StreamForecast.Engine.Inference;
using StreamForecast.Forecasting.Forecasts;
using StreamForecast.Forecasting.Store;
using StreamForecast.Forecasting.Tests.Forecasts;
using StreamForecast.Predictor.Service;
using StreamForecast.Predictor.Service.State;

namespace StreamForecast.Predictor.Tests.Service.State;

public sealed class SeriesStateCodecTests
{
    [Theory]
    [InlineData("qt")]
    [InlineData("aci")]
    public void RowThroughTheStateRecordIntoAnotherStore_ContinuesBitForBitAsIfNeverStopped(string method)
    {
        ForecastModel model = TestForecasters.Recursive();
        SeriesBar[] bars = [.. TestForecasters.Btc(600).Select(b => new SeriesBar("S", b))];
        ForecastSettings settings = TestForecasters.Settings(5) with { Intervals = new PredictorOptions { IntervalMethod = method }.Intervals() };
        ulong fingerprint = ModelFingerprint.Of(model, settings);
        var expectedScores = new ScoreList();
        List<Forecast> uninterrupted = TestForecasters.Run(model, bars, settings, expectedScores);

        var first = new ForecastCollector(scores: true);
        byte[] record;
        using (var backend = new CpuLstmBackend(model.Checkpoint.Parameters))
        using (var processor = new ForecastProcessor(model, backend, settings))
        {
            processor.Process(bars.AsSpan(0, 333), first);
            Assert.True(processor.Store.TryGet("S", out int slot));
            processor.Store.Layout.Partition.At(processor.Store.Row(slot)) = 3;
            processor.Store.Layout.InputOffset.At(processor.Store.Row(slot)) = 332;
            record = Record(processor.Store, slot, fingerprint);
        }

        var second = new ForecastCollector(scores: true);
        using (var backend = new CpuLstmBackend(model.Checkpoint.Parameters))
        using (var processor = new ForecastProcessor(model, backend, settings))
        {
            // Another series takes slot 0 first: the restored one lands elsewhere and its state follows.
            processor.Process([new SeriesBar("other", bars[0].Bar)], second);
            Assert.True(StateRecord.TryRestore("S", record, fingerprint, processor.Store, out _));
            StateRecordView view = SeriesStateCodec.Read(record);
            Assert.Equal((3, 332L), (view.Partition, view.Offset));
            processor.Process(bars.AsSpan(333), second);
            Assert.True(processor.Store.TryGet("S", out int slot));
            Assert.Equal(1, slot);
            Assert.Equal(600, processor.Store.Layout.Counters.Get(processor.Store.Row(slot), SeriesCounters.Bars));
        }

        List<Forecast> resumed = [.. first.Forecasts, .. second.Forecasts];
        Assert.Equal(uninterrupted.Count, resumed.Count);
        for (int i = 0; i < resumed.Count; i++)
        {
            Assert.Equal(uninterrupted[i].AsOf, resumed[i].AsOf);
            Assert.Equal(uninterrupted[i].Closes, resumed[i].Closes);
            Assert.Equal(uninterrupted[i].HalfWidths, resumed[i].HalfWidths);
        }

        Assert.True(uninterrupted[^1].HalfWidths!.All(double.IsFinite));
        var scores = new ScoreList();
        scores.Collect([.. first.Scores, .. second.Scores]);
        Assert.Equal(expectedScores, scores);
    }

    [Fact]
    public void TryRestore_StateOfAnotherModelOrSettings_IsRefused()
    {
        ForecastModel model = TestForecasters.Recursive();
        ForecastSettings settings = TestForecasters.Settings(2);
        byte[] record = Record(model, settings);
        ulong own = ModelFingerprint.Of(model, settings);
        ulong otherModel = ModelFingerprint.Of(TestForecasters.Recursive(seed: 9), settings);
        ForecastSettings aci = settings with { Intervals = new PredictorOptions { IntervalMethod = "aci" }.Intervals() };

        Assert.True(StateRecord.TryRestore("S", record, own, Store(model, settings), out _));
        Assert.False(StateRecord.TryRestore("S", record, otherModel, Store(model, settings), out var refused));
        Assert.Equal(StateRecord.OtherModel, refused.Code);
        Assert.NotEqual(own, ModelFingerprint.Of(model, TestForecasters.Settings(3)));
        Assert.NotEqual(own, ModelFingerprint.Of(model, aci));

        // A store of another layout refuses it whatever the fingerprint says.
        Assert.False(StateRecord.TryRestore("S", record, own, Store(model, aci), out refused));
        Assert.Equal(StateRecord.OtherModel, refused.Code);
    }

    [Fact]
    public void TryRestore_CorruptedTruncatedOrForeignRecord_IsRefusedWithAReason()
    {
        ForecastModel model = TestForecasters.Recursive();
        ForecastSettings settings = TestForecasters.Settings(2);
        ulong fingerprint = ModelFingerprint.Of(model, settings);
        byte[] record = Record(model, settings);
        byte[] flipped = [.. record];
        flipped[record.Length / 2] ^= 0x10;

        Assert.False(StateRecord.TryRestore("S", flipped, fingerprint, Store(model, settings), out var corrupt));
        Assert.False(StateRecord.TryRestore("S", record.AsSpan(0, record.Length - 7), fingerprint, Store(model, settings), out var truncated));
        Assert.False(StateRecord.TryRestore("S", "{\"series\":\"S\"}"u8.ToArray(), fingerprint, Store(model, settings), out var foreign));
        Assert.False(StateRecord.TryRestore("S", [2, .. record[1..]], fingerprint, Store(model, settings), out var older));

        Assert.Equal((StateRecord.Corrupt, "state of S: the state record fails its CRC-32 (corrupted)"), corrupt);
        Assert.Equal(StateRecord.Corrupt, truncated.Code);
        Assert.Contains("state format 123", foreign.Detail, StringComparison.Ordinal);
        Assert.Contains("state format 2 (this predictor reads format 3)", older.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_TextbookModelAtKTenWithTheDefaultIntervals_IsItsRowAndLstmState_Within8KiB()
    {
        ForecastModel model = TestForecasters.Recursive(hidden: 100);
        ForecastSettings settings = new PredictorOptions().Forecast();
        byte[] record = Record(model, settings, bars: 2000);
        var layout = new RowLayout(RowShape.Of(model, settings));

        // Format, fingerprint, the shape's 12 varints (K = 10 and H = 100 take one byte each), the row's length
        // (two bytes), the row, (h, c) and the CRC: nothing per series beyond the row and the LSTM's state.
        Assert.Equal(1 + 8 + 12 + 2 + layout.BytesWithLstm + 4, record.Length);
        Assert.True(record.Length <= 8192, $"{record.Length} bytes");
        Assert.Equal(2 * 2 * 100 * sizeof(float), layout.BytesWithLstm - layout.Bytes);
    }

    private static SeriesStore Store(ForecastModel model, ForecastSettings settings) =>
        new ForecastProcessor(model, new CpuLstmBackend(model.Checkpoint.Parameters, workers: 1), settings).Store;

    private static byte[] Record(ForecastModel model, ForecastSettings settings, int bars = 100)
    {
        using var backend = new CpuLstmBackend(model.Checkpoint.Parameters);
        using var processor = new ForecastProcessor(model, backend, settings);
        processor.Process([.. TestForecasters.Btc(bars).Select(b => new SeriesBar("S", b))], new ForecastCollector());
        processor.Store.TryGet("S", out int slot);
        return Record(processor.Store, slot, ModelFingerprint.Of(model, settings));
    }

    private static byte[] Record(SeriesStore store, int slot, ulong fingerprint)
    {
        var buffer = new ArrayBufferWriter<byte>();
        SeriesStateCodec.Write(buffer, fingerprint, store, slot);
        return buffer.WrittenSpan.ToArray();
    }
}
