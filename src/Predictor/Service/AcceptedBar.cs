using System.Diagnostics;
using Confluent.Kafka;
using StreamForecast.Forecasting.Forecasts;

namespace StreamForecast.Predictor.Service;

/// <summary>A valid bar waiting in the micro-batch, with where it came from.</summary>
/// <param name="Bar">The bar and its series.</param>
/// <param name="Source">Its topic, partition and offset.</param>
/// <param name="ConsumedAt">Wall clock at consumption (latency).</param>
/// <param name="Parent">The ingest's publish span, or default when the record carried none.</param>
/// <param name="Record">The record as consumed, should the bar have to be dead-lettered after all.</param>
internal readonly record struct AcceptedBar(SeriesBar Bar, TopicPartitionOffset Source, DateTimeOffset ConsumedAt, ActivityContext Parent, Message<string, byte[]> Record);
