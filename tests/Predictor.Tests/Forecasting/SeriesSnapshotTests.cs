using System.Text.Json;
using StreamForecast.Engine.Inference;
using StreamForecast.Predictor.Forecasting;

namespace StreamForecast.Predictor.Tests.Forecasting;

public sealed class SeriesSnapshotTests
{
    [Fact]
    public void SnapshotThroughJsonIntoAFreshProcessor_ContinuesBitForBitAsIfNeverStopped()
    {
        ForecastModel model = TestForecasters.Recursive();
        SeriesBar[] bars = [.. TestForecasters.Btc(600).Select(b => new SeriesBar("S", b))];
        ForecastSettings settings = TestForecasters.Settings(5);
        List<Forecast> uninterrupted = TestForecasters.Run(model, bars, settings);
        var expectedScores = new ScoreList();
        TestForecasters.Run(model, bars, settings, expectedScores);

        var first = new List<Forecast>();
        var scores = new ScoreList();
        string json;
        using (var backend = new CpuLstmBackend(model.Checkpoint.Parameters))
        using (var processor = new ForecastProcessor(model, backend, settings))
        {
            processor.Process(bars.AsSpan(0, 333), first, scores.Bars);
            scores.Collect();
            json = JsonSerializer.Serialize(processor.Snapshot("S"), SnapshotJson.Default.SeriesSnapshot);
        }

        var second = new List<Forecast>();
        using (var backend = new CpuLstmBackend(model.Checkpoint.Parameters))
        using (var processor = new ForecastProcessor(model, backend, settings))
        {
            processor.Process([new SeriesBar("other", bars[0].Bar)], [], null);
            processor.Restore(JsonSerializer.Deserialize(json, SnapshotJson.Default.SeriesSnapshot)!);
            processor.Process(bars.AsSpan(333), second, scores.Bars);
            scores.Collect();
            Assert.True(processor.TryGetSeries("S", out SeriesState state));
            Assert.Equal(600, state.Bars);
        }

        List<Forecast> resumed = [.. first, .. second];
        Assert.Equal(uninterrupted.Count, resumed.Count);
        for (int i = 0; i < resumed.Count; i++)
        {
            Assert.Equal(uninterrupted[i].AsOf, resumed[i].AsOf);
            Assert.Equal(uninterrupted[i].Closes, resumed[i].Closes);
        }

        Assert.Equal(expectedScores, scores);
    }

    [Fact]
    public void Restore_SnapshotOfAnotherModel_Fails()
    {
        ForecastModel model = TestForecasters.Recursive();
        using var backend = new CpuLstmBackend(model.Checkpoint.Parameters);
        using var processor = new ForecastProcessor(model, backend, TestForecasters.Settings(2));
        processor.Process([new SeriesBar("S", TestForecasters.Btc(1)[0])], [], null);
        SeriesSnapshot snapshot = processor.Snapshot("S") with { ModelId = "other" };

        Assert.Throws<ArgumentException>(() => processor.Restore(snapshot));
    }
}
