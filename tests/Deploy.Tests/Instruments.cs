using System.Diagnostics.Metrics;
using StreamForecast.Ingest.Telemetry;
using StreamForecast.Predictor.Service.Telemetry;

namespace StreamForecast.Deploy.Tests;

/// <summary>Every instrument the two services register, read from their telemetry holders.</summary>
internal static class Instruments
{
    public static IReadOnlyList<Instrument> All()
    {
        using var predictor = new PredictorTelemetry(TimeProvider.System);
        using var ingest = new IngestTelemetry();
        var found = new List<Instrument>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, _) =>
            {
                if (ReferenceEquals(instrument.Meter, predictor.Meter) || ReferenceEquals(instrument.Meter, ingest.Meter))
                {
                    found.Add(instrument);
                }
            },
        };
        listener.Start();
        return found;
    }
}
