namespace StreamForecast.Predictor.Forecasting;

/// <summary>A forecast met by its actual bar: one per model and horizon.</summary>
internal readonly record struct RealizedScore(string Series, long ForecastAsOf, int Horizon, int Model, double Predicted, double Actual)
{
    public double Error => Predicted - Actual;
}
