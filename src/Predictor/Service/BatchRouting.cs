using System.Runtime.InteropServices;
using StreamForecast.Forecasting.Forecasts;
using StreamForecast.Forecasting.Rollout;
using StreamForecast.Forecasting.Store;
using StreamForecast.Predictor.Service.Models;
using StreamForecast.Predictor.Service.Outputs;

namespace StreamForecast.Predictor.Service;

/// <summary>
/// Runs a micro-batch through the routes: each route's bars, in arrival order, through its <see cref="RouteModels"/>
/// (the champion, a challenger in shadow, a promoted challenger), each processor's share with the publisher as its
/// sink in the role it has; then every row that took a bar is marked changed at the bar's offset and partition.
/// Lists are reused: nothing is allocated per bar.
/// </summary>
internal sealed class BatchRouting(ModelRouter router, OutputPublisher publisher) : IRouteRunner
{
    private readonly Dictionary<ServedRoute, Share> _shares = [];
    private readonly List<SeriesBar> _bars = [];
    private readonly List<AcceptedBar> _accepted = [];
    private Share? _current;

    public void Process(IReadOnlyList<AcceptedBar> batch)
    {
        foreach (AcceptedBar bar in batch)
        {
            ServedRoute route = router.RouteOf(bar.Bar.Series);
            if (!_shares.TryGetValue(route, out Share? share))
            {
                share = new Share();
                _shares[route] = share;
            }

            share.Bars.Add(bar.Bar);
            share.Accepted.Add(bar);
        }

        foreach (var (route, share) in _shares)
        {
            if (share.Bars.Count > 0)
            {
                _current = share;
                route.Models.Process(CollectionsMarshal.AsSpan(share.Bars), this);
                share.Bars.Clear();
                share.Accepted.Clear();
            }
        }
    }

    public void Run(ForecastProcessor processor, bool shadow, List<int> bars)
    {
        _bars.Clear();
        _accepted.Clear();
        foreach (int i in bars)
        {
            _bars.Add(_current!.Bars[i]);
            _accepted.Add(_current.Accepted[i]);
        }

        publisher.Begin(processor.Model, _accepted, shadow);
        processor.Process(CollectionsMarshal.AsSpan(_bars), publisher);
        SeriesStore store = processor.Store;
        foreach (AcceptedBar bar in _accepted)
        {
            if (store.TryGet(bar.Bar.Series, out int slot))
            {
                Span<byte> row = store.Row(slot);
                store.Layout.InputOffset.At(row) = bar.Source.Offset.Value;
                store.Layout.Partition.At(row) = bar.Source.Partition.Value;
                store.MarkDirty(slot);
            }
        }
    }

    /// <summary>One route's bars of the batch, and where each came from.</summary>
    private sealed class Share
    {
        public List<SeriesBar> Bars { get; } = [];

        public List<AcceptedBar> Accepted { get; } = [];
    }
}
