using System.Globalization;
using StreamForecast.Engine.Checkpoints;
using StreamForecast.Engine.Kernels;
using StreamForecast.Engine.Training;

namespace StreamForecast.Engine.Tests.Training;

public sealed class LstmSequenceTests
{
    public static TheoryData<string> Cases => new(Fixtures.LstmCases);

    [Theory]
    [MemberData(nameof(Cases))]
    public void Backward_GoldenCase_MatchesPyTorchGradients(string name)
    {
        LstmCheckpoint checkpoint = Fixtures.Model(name);
        SafeTensorFile expected = Fixtures.Expected(name);
        LstmShape shape = checkpoint.Shape;
        int steps = expected["x"].Shape[0], batch = expected["x"].Shape[1];
        var sequence = new LstmSequence(shape, batch, steps + 2);
        float[] hT = new float[shape.Layers * batch * shape.HiddenSize], cT = new float[hT.Length];

        sequence.Forward(new PackedLstm(checkpoint.Parameters), steps, expected["x"].ToSingles(), expected["h0"].ToSingles(), expected["c0"].ToSingles(), hT, cT);

        Numerics.AssertClose(expected["y"].Values, sequence.Outputs, 1e-5, "y");
        Numerics.AssertClose(expected["hT"].Values, hT, 1e-5, "hT");
        Numerics.AssertClose(expected["cT"].Values, cT, 1e-5, "cT");

        // loss = mean((y - target)^2) + sum(wh * hT) + sum(wc * cT)
        float[] target = expected["target"].ToSingles();
        float[] dy = new float[target.Length];
        for (int i = 0; i < dy.Length; i++)
        {
            dy[i] = 2f * (sequence.Outputs[i] - target[i]) / dy.Length;
        }

        float[] gradients = new float[checkpoint.Parameters.Count];
        float[] dx = new float[expected["x"].Values.Length], dh0 = new float[hT.Length], dc0 = new float[hT.Length];
        sequence.Backward(checkpoint.Parameters, dy, expected["wh"].ToSingles(), expected["wc"].ToSingles(), gradients, dx, dh0, dc0);

        for (int index = 0; index < checkpoint.Parameters.Tensors.Count; index++)
        {
            string tensor = checkpoint.Parameters.Tensors[index].Name;
            Numerics.AssertClose(expected[$"grad.{tensor}"].Values, checkpoint.Parameters.Tensor(index, gradients), 1e-4, $"d{tensor}");
        }

        Numerics.AssertClose(expected["grad.x"].Values, dx, 1e-4, "dx");
        Numerics.AssertClose(expected["grad.h0"].Values, dh0, 1e-4, "dh0");
        Numerics.AssertClose(expected["grad.c0"].Values, dc0, 1e-4, "dc0");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void TrainStep_TwoStatefulAdamStepsWithClipping_MatchPyTorch(string name)
    {
        LstmCheckpoint checkpoint = Fixtures.Model(name);
        SafeTensorFile expected = Fixtures.Expected(name);
        LstmParameters parameters = checkpoint.Parameters;
        int steps = expected["x"].Shape[0], batch = expected["x"].Shape[1];
        double learningRate = double.Parse(expected.Metadata["learning_rate"], CultureInfo.InvariantCulture);
        double clip = double.Parse(expected.Metadata["clip_norm"], CultureInfo.InvariantCulture);
        float[] hidden = expected["h0"].ToSingles(), cell = expected["c0"].ToSingles();
        float[] initial = (float[])parameters.Values.Clone();

        // Three parts over two threads: the gradient split is exercised, uneven at that.
        using var trainer = new LstmTrainer(parameters, new AdamOptimizer(parameters.Count, learningRate), batch, steps, clip, parts: 3, workers: 2);
        for (int i = 0; i < 2; i++)
        {
            trainer.TrainStep(steps, expected["x"].ToSingles(), expected["target"].ToSingles(), hidden, cell);
            Assert.True(i > 0 || trainer.LastGradientNorm > clip, "clipping must act on the first step of this fixture");
        }

        for (int index = 0; index < parameters.Tensors.Count; index++)
        {
            string tensor = parameters.Tensors[index].Name;
            double[] after = expected[$"adam.{tensor}"].Values;
            Numerics.AssertClose(after, parameters.Tensor(index), 1e-4, tensor);

            // The update itself, not only where it lands: Adam's m/√v cancels when the two gradients
            // disagree in sign, which magnifies float32 rounding, hence 1 % of the update's scale.
            float[] start = initial.AsSpan(parameters.Tensors[index].Offset, after.Length).ToArray();
            double[] expectedDelta = [.. after.Select((value, i) => value - start[i])];
            float[] actualDelta = [.. parameters.Tensor(index).ToArray().Select((value, i) => value - start[i])];
            Numerics.AssertClose(expectedDelta, actualDelta, 1e-2, $"update of {tensor}");
        }
    }

    [Fact]
    public void Backward_FiniteDifferences_AgreeWithAnalyticGradients()
    {
        var shape = new LstmShape(2, 3, 2, 2);
        var parameters = LstmParameters.Initialize(shape, HeadActivation.Tanh, seed: 11);
        var random = new Random(4);
        const int batch = 2, steps = 4;
        float[] x = Numerics.Random(random, steps * batch * 2), target = Numerics.Random(random, steps * batch * 2, 0.5);
        float[] h0 = Numerics.Random(random, 2 * batch * 3, 0.5), c0 = Numerics.Random(random, 2 * batch * 3, 0.5);
        var sequence = new LstmSequence(shape, batch, steps);

        double Loss()
        {
            float[] h = new float[h0.Length], c = new float[c0.Length];
            sequence.Forward(new PackedLstm(parameters), steps, x, h0, c0, h, c);
            double sum = 0;
            for (int i = 0; i < target.Length; i++)
            {
                sum += Math.Pow(sequence.Outputs[i] - target[i], 2);
            }

            return (sum / target.Length) + h.Sum(value => 0.3 * value) - c.Sum(value => 0.2 * value);
        }

        Loss();
        float[] dy = new float[target.Length];
        for (int i = 0; i < dy.Length; i++)
        {
            dy[i] = 2f * (sequence.Outputs[i] - target[i]) / dy.Length;
        }

        float[] analytic = new float[parameters.Count];
        float[] dhT = Enumerable.Repeat(0.3f, h0.Length).ToArray(), dcT = Enumerable.Repeat(-0.2f, c0.Length).ToArray();
        sequence.Backward(parameters, dy, dhT, dcT, analytic, [], [], []);

        const float delta = 1e-2f;
        for (int i = 0; i < parameters.Count; i++)
        {
            float saved = parameters.Values[i];
            parameters.Values[i] = saved + delta;
            double plus = Loss();
            parameters.Values[i] = saved - delta;
            double minus = Loss();
            parameters.Values[i] = saved;
            double numeric = (plus - minus) / (2 * delta);
            Assert.True(
                Math.Abs(numeric - analytic[i]) <= 2e-3 + (2e-2 * Math.Abs(numeric)),
                $"parameter {i}: finite difference {numeric:E4}, analytic {analytic[i]:E4}");
        }
    }
}
