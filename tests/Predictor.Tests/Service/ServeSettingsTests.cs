using Confluent.Kafka;
using Microsoft.Extensions.Configuration;
using StreamForecast.Forecasting.Forecasts;
using StreamForecast.Forecasting.Store;
using StreamForecast.Predictor.Service;
using StreamForecast.ServiceDefaults.Configuration;

namespace StreamForecast.Predictor.Tests.Service;

public sealed class ServeSettingsTests
{
    [Fact]
    public void MaxSeries_HasAFlagLikeEveryOtherSetting()
    {
        System.CommandLine.ParseResult result = StreamForecast.Predictor.Tools.Cli.PredictorCommands.Build().Parse(["serve", "--max-series", "1000"]);

        Assert.Empty(result.Errors);
        Assert.Equal(1000, result.GetValue<int>("--max-series"));
    }

    [Fact]
    public void MaxBatch_AsServeBindsIt_IsTheProcessorsChunk()
    {
        // serve --batch 4096 is Predictor:MaxBatch=4096 (ServeCommand), bound once into the options.
        IConfiguration configuration = new ConfigurationBuilder().AddInMemoryCollection([new("Predictor:MaxBatch", "4096"), new("Predictor:Horizon", "7")]).Build();
        PredictorOptions options = OptionsBinding.Bind(configuration, PredictorOptions.SectionName, new PredictorOptionsValidator());
        var settings = new ServeSettings(new ClientConfig(), options);
        ForecastModel model = ForecastModel.Load(Path.Combine(Forecasting.Tests.Fixtures.RepositoryRoot(), "models", "btcusd-lstm-2x100.safetensors"));
        using var router = new ModelRouter(ServedModels.Single(model), settings.Forecast, options);

        ForecastProcessor processor = Assert.Single(router.Processors);
        Assert.Equal(4096, processor.Settings.MaxBatch);
        Assert.Equal(7, processor.Horizon);
        Assert.Equal(options.Intervals().ToString(), processor.Settings.Intervals.ToString());
    }

    [Fact]
    public void MaxSeries_Unset_IsTheMemoryBudgetOverTheBytesASeriesCosts()
    {
        ForecastModel model = ForecastModel.Load(Path.Combine(Forecasting.Tests.Fixtures.RepositoryRoot(), "models", "btcusd-lstm-2x100.safetensors"));
        var options = new PredictorOptions { MemoryBudget = 1L << 30 };
        var layout = new RowLayout(RowShape.Of(model, options.Forecast()));
        using var router = new ModelRouter(ServedModels.Single(model), options.Forecast(), options);

        Assert.Equal((1L << 30) / (layout.BytesWithLstm + SeriesBudget.MapBytesPerSeries), router.MaxSeries);
        Assert.InRange(router.MaxSeries, 100_000, 140_000);

        options.MaxSeries = 1000;
        using var given = new ModelRouter(ServedModels.Single(model), options.Forecast(), options);
        Assert.Equal(1000, given.MaxSeries);

        // Without a budget: three quarters of the container's limit (or the machine's memory), less 256 MiB.
        Assert.Equal(Math.Max(256L << 20, (SeriesBudget.Limit() / 4 * 3) - (256L << 20)), SeriesBudget.Bytes(new PredictorOptions()));
        Assert.InRange(SeriesBudget.Limit(), 256L << 20, GC.GetGCMemoryInfo().TotalAvailableMemoryBytes * 2);
    }
}
