using Vigil.Core.Validation;

namespace Vigil.Detection.Neural;

/// <summary>
/// The shape of an LSTM autoencoder: encoder LSTM(<see cref="InputWidth"/> → <see cref="HiddenSize"/>) →
/// LSTM(<see cref="HiddenSize"/> → <see cref="CodeSize"/>), whose last hidden state is the code; the decoder repeats
/// the code over the window into LSTM(<see cref="CodeSize"/> → <see cref="HiddenSize"/>) and a linear layer
/// <see cref="HiddenSize"/> → <see cref="InputWidth"/>. The defaults are the engine's: 18 instruments × 4 features
/// over 60-step windows.
/// </summary>
public sealed record LstmAutoencoderArchitecture
{
    /// <summary>The largest width, hidden size, code size or window length accepted.</summary>
    public const int MaxDimension = 4096;

    /// <summary>The number of features per step (the state vector's width); from 1 to <see cref="MaxDimension"/>. Default 72.</summary>
    public int InputWidth { get; init; } = 72;

    /// <summary>The number of steps in a window; from 2 to <see cref="MaxDimension"/>. Default 60.</summary>
    public int WindowLength { get; init; } = 60;

    /// <summary>The hidden size of the first encoder layer and of the decoder layer; from 1 to <see cref="MaxDimension"/>. Default 64.</summary>
    public int HiddenSize { get; init; } = 64;

    /// <summary>The size of the code (the second encoder layer's hidden size); from 1 to <see cref="MaxDimension"/>. Default 32.</summary>
    public int CodeSize { get; init; } = 32;

    /// <summary>The number of trainable parameters (weights and biases of the three LSTM layers and the output layer).</summary>
    public int ParameterCount =>
        LstmParameterCount(InputWidth, HiddenSize) + LstmParameterCount(HiddenSize, CodeSize) + LstmParameterCount(CodeSize, HiddenSize)
        + (HiddenSize * InputWidth) + InputWidth;

    /// <summary>Every problem with this architecture, empty when it is valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new OptionErrors();
        errors.Require(InputWidth is >= 1 and <= MaxDimension, $"InputWidth must be from 1 to {MaxDimension} (got {InputWidth})");
        errors.Require(WindowLength is >= 2 and <= MaxDimension, $"WindowLength must be from 2 to {MaxDimension} (got {WindowLength})");
        errors.Require(HiddenSize is >= 1 and <= MaxDimension, $"HiddenSize must be from 1 to {MaxDimension} (got {HiddenSize})");
        errors.Require(CodeSize is >= 1 and <= MaxDimension, $"CodeSize must be from 1 to {MaxDimension} (got {CodeSize})");
        return errors.Errors;
    }

    /// <summary>Throws an <see cref="ArgumentException"/> listing every problem when the architecture is invalid.</summary>
    public void ThrowIfInvalid()
    {
        var errors = new OptionErrors();
        errors.AddNested(nameof(LstmAutoencoderArchitecture), Validate());
        errors.ThrowIfAny(nameof(LstmAutoencoderArchitecture));
    }

    private static int LstmParameterCount(int input, int hidden) => (4 * hidden * (input + hidden)) + (8 * hidden);
}
