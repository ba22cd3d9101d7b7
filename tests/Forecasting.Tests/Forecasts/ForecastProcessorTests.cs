using StreamForecast.Engine.Inference;
using StreamForecast.MarketData;
using StreamForecast.Forecasting.Forecasts;

namespace StreamForecast.Forecasting.Tests.Forecasts;

public sealed class ForecastProcessorTests
{
    [Fact]
    public void Process_SeriesInterleavedAndGroupedAnyhow_GivesBitIdenticalForecastsToAlone()
    {
        ForecastModel model = TestForecasters.Recursive();
        List<Bar> bars = TestForecasters.Btc(700);
        var a = bars.Select(b => new SeriesBar("A", b)).ToList();
        var b = bars.Select(bar => new SeriesBar("B", bar with { Close = bar.Close * 1.01, High = bar.High * 1.01, Low = bar.Low * 1.01, Open = bar.Open * 1.01 })).ToList();
        var interleaved = a.Zip(b).SelectMany(pair => new[] { pair.First, pair.Second }).ToList();

        List<Forecast> alone = TestForecasters.Run(model, a, TestForecasters.Settings(10));
        List<Forecast> together = TestForecasters.Run(model, interleaved, TestForecasters.Settings(10, maxBatch: 37), callSize: 101);

        List<Forecast> togetherA = [.. together.Where(f => f.Series == "A")];
        Assert.Equal(alone.Count, togetherA.Count);
        for (int i = 0; i < alone.Count; i++)
        {
            Assert.Equal(alone[i].AsOf, togetherA[i].AsOf);
            Assert.Equal(alone[i].Closes, togetherA[i].Closes);
            Assert.Equal(alone[i].HalfWidths, togetherA[i].HalfWidths);
        }

        Assert.Contains(alone, f => f.HalfWidths is { } q && q.All(double.IsFinite));
    }

    [Fact]
    public void Process_RandomCutPoints_BarsAfterTheCutNeverChangeEarlierPredictionsOrScores()
    {
        ForecastModel model = TestForecasters.Recursive();
        List<Bar> bars = TestForecasters.Btc(900);
        var reference = new ScoreList();
        List<Forecast> baseline = TestForecasters.Run(model, bars.Select(b => new SeriesBar("S", b)), TestForecasters.Settings(10, maxBatch: 128), reference);
        var random = new Random(2024);
        for (int trial = 0; trial < 25; trial++)
        {
            int cut = random.Next(1, bars.Count - 1);
            long cutTime = bars[cut].Timestamp;

            // Change every later bar: prices scaled and shocked, some bars dropped (new gaps).
            var changed = bars.Take(cut + 1).ToList();
            double factor = 0.5 + random.NextDouble();
            foreach (Bar bar in bars.Skip(cut + 1))
            {
                if (random.NextDouble() < 0.1)
                {
                    continue;
                }

                double shock = 1 + ((random.NextDouble() - 0.5) * 0.01);
                changed.Add(bar with { Open = bar.Open * factor, High = bar.High * factor * shock * 1.01, Low = bar.Low * factor / 1.01, Close = bar.Close * factor * shock });
            }

            var scores = new ScoreList();
            List<Forecast> other = TestForecasters.Run(model, changed.Select(b => new SeriesBar("S", b)), TestForecasters.Settings(10, maxBatch: 128), scores, callSize: random.Next(1, 300));

            var before = baseline.Where(f => f.AsOf <= cutTime).ToList();
            var otherBefore = other.Where(f => f.AsOf <= cutTime).ToList();
            Assert.Equal(before.Count, otherBefore.Count);
            for (int i = 0; i < before.Count; i++)
            {
                Assert.Equal(before[i].AsOf, otherBefore[i].AsOf);
                Assert.True(before[i].Closes.SequenceEqual(otherBefore[i].Closes), $"cut {cut}: forecast at {before[i].AsOf} changed");

                // Delayed feedback: a forecast's error (changed here, as its target bar changed) reaches the
                // intervals only once its target bar arrives, so no interval issued up to the cut moves.
                Assert.True(before[i].HalfWidths!.SequenceEqual(otherBefore[i].HalfWidths!), $"cut {cut}: the interval at {before[i].AsOf} changed");
            }

            // The changed bars do reach later intervals (so the check above can fail).
            if (cut < bars.Count - 100)
            {
                var baselineAt = baseline.ToDictionary(f => f.AsOf);
                Assert.Contains(other.Where(f => f.AsOf > cutTime + 3600 && baselineAt.ContainsKey(f.AsOf)), f => !f.HalfWidths!.SequenceEqual(baselineAt[f.AsOf].HalfWidths!));
            }

            Assert.Equal(
                reference.Where(s => s.ForecastAsOf + (s.Horizon * 60) <= cutTime),
                scores.Where(s => s.ForecastAsOf + (s.Horizon * 60) <= cutTime));
        }
    }

    [Fact]
    public void Process_ScoresOnlyAgainstABarAtExactlyTheTargetMinute()
    {
        ForecastModel model = TestForecasters.Recursive();
        Bar At(long minute, double close) => new(minute * 60, close, close, close, close, 1);
        Bar[] bars = [At(0, 100), At(1, 101), At(2, 102), At(4, 103), At(5, 104)];
        var scores = new ScoreList();

        List<Forecast> forecasts = TestForecasters.Run(model, bars.Select(b => new SeriesBar("S", b)), TestForecasters.Settings(3), scores);

        // Minute 0 has no flow yet: no forecast. Minute 3 is missing, so nothing targets it.
        Assert.Equal([60L, 120L, 240L, 300L], forecasts.Select(f => f.AsOf));
        var naive = scores.Where(s => s.Model == ModelNames.NaiveIndex).Select(s => (s.ForecastAsOf / 60, s.Horizon, s.Predicted, s.Actual)).ToList();
        Assert.Equal([(1L, 1, 101.0, 102.0), (1L, 3, 101.0, 103.0), (2L, 2, 102.0, 103.0), (2L, 3, 102.0, 104.0), (4L, 1, 103.0, 104.0)], naive);
    }

    [Fact]
    public void Process_RepeatedOrOlderMinute_IsSkippedNotThrown()
    {
        ForecastModel model = TestForecasters.Recursive();
        List<Bar> bars = TestForecasters.Btc(40);
        List<SeriesBar> clean = [.. bars.Select(b => new SeriesBar("S", b))];
        List<SeriesBar> noisy = [.. clean[..20], clean[19], clean[5] with { Bar = clean[5].Bar with { Close = 1 } }, .. clean[20..]];

        List<Forecast> expected = TestForecasters.Run(model, clean, TestForecasters.Settings(5));
        List<Forecast> actual = TestForecasters.Run(model, noisy, TestForecasters.Settings(5, maxBatch: 7));

        Assert.Equal(expected.Select(f => (f.AsOf, f.Closes.ToArray())), actual.Select(f => (f.AsOf, f.Closes.ToArray())), new ForecastComparer());
    }

    [Fact]
    public void Process_AbsurdPrice_IsAFaultWithoutOutputs_TheSeriesStartsAgain_AndBatchingChangesNothing()
    {
        ForecastModel model = TestForecasters.Recursive();
        List<SeriesBar> bars = [.. TestForecasters.Btc(300).Select(b => new SeriesBar("S", b))];
        const int bad = 150;
        bars[bad] = bars[bad] with { Bar = bars[bad].Bar with { Open = 1e308, High = 1e308, Low = 1e308, Close = 1e308 } };
        bars.Insert(100, new SeriesBar("T", bars[100].Bar));

        (List<Forecast> Forecasts, List<BarFault> Faults) Run(int maxBatch, int callSize)
        {
            using var backend = new CpuLstmBackend(model.Checkpoint.Parameters);
            using var processor = new ForecastProcessor(model, backend, TestForecasters.Settings(10, maxBatch));
            var faults = new List<BarFault>();
            var outputs = new ForecastCollector(scores: true, faults: true);
            for (int start = 0; start < bars.Count; start += callSize)
            {
                processor.Process(bars.Skip(start).Take(callSize).ToArray(), outputs);
                faults.AddRange(outputs.Faults.Select(f => f with { Index = f.Index + start }));
                outputs.Faults.Clear();
            }

            return (outputs.Forecasts, faults);
        }

        var (whole, faults) = Run(1024, int.MaxValue);
        var (chunked, chunkFaults) = Run(13, 37);

        long badMinute = bars[bad + 1].Bar.Timestamp;
        BarFault fault = Assert.Single(faults);
        Assert.Equal((bad + 1, "S", badMinute), (fault.Index, fault.Series, fault.Timestamp));
        Assert.Equal(faults, chunkFaults);
        Assert.DoesNotContain(whole, f => f.Series == "S" && f.AsOf == badMinute);
        Assert.All(whole, f => Assert.All(f.Closes, c => Assert.True(double.IsFinite(c))));
        // The next bar starts a new segment (no flow yet); the one after forecasts again.
        Assert.DoesNotContain(whole, f => f.Series == "S" && f.AsOf == bars[bad + 2].Bar.Timestamp);
        Assert.Contains(whole, f => f.Series == "S" && f.AsOf == bars[bad + 3].Bar.Timestamp);
        Assert.Equal(whole.Select(f => (f.AsOf, f.Closes.ToArray())), chunked.Select(f => (f.AsOf, f.Closes.ToArray())), new ForecastComparer());
    }

    [Fact]
    public void Process_DirectModel_UsesItsHeadForEveryHorizon()
    {
        ForecastModel model = TestForecasters.Direct(horizon: 4);
        List<Forecast> forecasts = TestForecasters.Run(model, TestForecasters.Btc(50).Select(b => new SeriesBar("S", b)), TestForecasters.Settings(3));

        Assert.All(forecasts, f => Assert.Equal(3, f.Horizon));
        Assert.Throws<ArgumentException>(() => TestForecasters.Run(model, [], TestForecasters.Settings(5)));
    }

    [Fact]
    public void FromCheckpoint_InconsistentMetadata_FailsWithReason()
    {
        var recursiveWithTwoOutputs = Assert.Throws<InvalidDataException>(() => TestForecasters.Create(new(1, 4, 1, 2), "recursive", 1, 1));
        var unknownStrategy = Assert.Throws<InvalidDataException>(() => TestForecasters.Create(new(1, 4, 1, 1), "sideways", 1, 1));
        var twoInputs = Assert.Throws<InvalidDataException>(() => TestForecasters.Create(new(2, 4, 1, 1), "recursive", 1, 1));

        Assert.Contains("has 1 outputs; this one has 2", recursiveWithTwoOutputs.Message, StringComparison.Ordinal);
        Assert.Contains("'sideways' is not recursive or direct", unknownStrategy.Message, StringComparison.Ordinal);
        Assert.Contains("takes one input", twoInputs.Message, StringComparison.Ordinal);
    }

    private sealed class ForecastComparer : IEqualityComparer<(long AsOf, double[] Closes)>
    {
        public bool Equals((long AsOf, double[] Closes) x, (long AsOf, double[] Closes) y) => x.AsOf == y.AsOf && x.Closes.SequenceEqual(y.Closes);

        public int GetHashCode((long AsOf, double[] Closes) obj) => obj.AsOf.GetHashCode();
    }

    [Fact]
    public void Process_SteadyState_AllocatesNothingPerBarOrPerSeries()
    {
        ForecastModel model = TestForecasters.Recursive(hidden: 8);
        using var backend = new CpuLstmBackend(model.Checkpoint.Parameters, workers: 1);
        using var processor = new ForecastProcessor(model, backend, TestForecasters.Settings(10) with { MetricsEvery = 7 });
        List<Bar> walk = TestForecasters.Btc(80);
        const int series = 300;
        string[] names = [.. Enumerable.Range(0, series).Select(s => $"S{s}")];
        SeriesBar[] Minute(int m) => [.. names.Select(name => new SeriesBar(name, walk[m]))];
        var sink = new CountingSink();
        for (int m = 0; m < 60; m++)
        {
            processor.Process(Minute(m), sink);
        }

        // Other series for at least a second more: past tiered compilation, whose promotions are queued from the calling thread.
        var warm = System.Diagnostics.Stopwatch.StartNew();
        for (int round = 0; warm.ElapsedMilliseconds < 1000; round++)
        {
            for (int m = 0; m < 60; m++)
            {
                processor.Process([.. Enumerable.Range(0, 50).Select(s => new SeriesBar($"W{round}.{s}", walk[m]))], sink);
            }
        }

        SeriesBar[][] minutes = [.. Enumerable.Range(60, 20).Select(Minute)];
        var measured = new CountingSink();
        long before = GC.GetAllocatedBytesForCurrentThread();
        foreach (SeriesBar[] minute in minutes)
        {
            processor.Process(minute, measured);
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(measured.Forecasts > 20 * series * 9 / 10 && measured.Realisations > 0 && measured.Snapshots > 0, $"{measured.Forecasts} {measured.Realisations} {measured.Snapshots}");
        Assert.True(allocated == 0, $"{allocated} bytes allocated for {20 * series} bars");
    }

    /// <summary>Counts what it is handed, keeping nothing.</summary>
    private sealed class CountingSink : IForecastSink
    {
        public long Forecasts { get; private set; }

        public long Realisations { get; private set; }

        public long Snapshots { get; private set; }

        public void Fault(in BarFault fault) => throw new InvalidOperationException(fault.Reason);

        public void Realised(in Realisation realisation) => Realisations++;

        public void Forecast(in ForecastView forecast) => Forecasts++;

        public void Metrics(in MetricsView metrics) => Snapshots++;
    }
}
