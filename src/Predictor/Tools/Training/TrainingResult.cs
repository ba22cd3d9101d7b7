using StreamForecast.Engine.Checkpoints;

namespace StreamForecast.Predictor.Tools.Training;

/// <summary>The trained checkpoint (metadata included) and its final losses on scaled flows.</summary>
internal sealed record TrainingResult(LstmCheckpoint Checkpoint, double TrainLoss, double ValidationLoss);
