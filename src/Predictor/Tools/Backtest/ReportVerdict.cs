using System.Globalization;
using StreamForecast.Forecasting.Forecasts;
using StreamForecast.Forecasting.Intervals;
using StreamForecast.Forecasting.Scoring;

namespace StreamForecast.Predictor.Tools.Backtest;

/// <summary>The report's answer in one line: did the LSTM beat naive at one minute, and did its widest interval hold what it says.</summary>
internal static class ReportVerdict
{
    public static string Line(BacktestResult result)
    {
        HorizonMetrics lstm = result.Metrics(ModelNames.LstmIndex, 1), naive = result.Metrics(ModelNames.NaiveIndex, 1);
        if (!(lstm.N > 0 && naive.MaePrice > 0))
        {
            return string.Create(CultureInfo.InvariantCulture, $"Over {result.Bars:N0} bars no one-minute forecast could be scored yet.");
        }

        double change = (lstm.MaePrice / naive.MaePrice) - 1;
        string side = change > 0 ? "above" : change < 0 ? "below" : "equal to";
        string verdict = change > 0 ? "naive wins" : change < 0 ? "the LSTM wins" : "a tie";
        string line = string.Create(CultureInfo.InvariantCulture,
            $"Over {result.Bars:N0} bars the LSTM's MAE is {Math.Abs(change):P2} {side} naive's at h = 1 ({verdict}; MASE {lstm.Mase:F4}, {lstm.N:N0} forecasts scored)");
        IntervalSettings intervals = result.Intervals;
        int slot = intervals.Slot(ModelNames.LstmIndex);
        if (slot >= 0)
        {
            int widest = intervals.Levels.Count - 1;
            IntervalMetrics held = result.IntervalScores(slot, 1, widest);
            line += double.IsFinite(held.Coverage)
                ? string.Create(CultureInfo.InvariantCulture, $"; {intervals.LevelName(widest)} % coverage {held.Coverage:P1}")
                : "";
        }

        return line + ".";
    }
}
