using System.Diagnostics.CodeAnalysis;
using System.ComponentModel;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Convergence;

/// <summary>The role a participant plays in a convergence run: explorer, builder, auditor, or a custom role.</summary>
/// <remarks>An extensible string "enum", in the manner of <c>Microsoft.Extensions.AI.ChatRole</c>: values compare case-insensitively.</remarks>
[JsonConverter(typeof(Converter))]
public readonly struct ConvergenceRole : IEquatable<ConvergenceRole>
{
    private readonly string? _value;

    /// <summary>Gets the role of a participant that explores the task independently and reports findings.</summary>
    public static ConvergenceRole Explorer { get; } = new("explorer");

    /// <summary>Gets the role of a participant that implements a candidate until a verifier proves it.</summary>
    public static ConvergenceRole Builder { get; } = new("builder");

    /// <summary>Gets the role of a participant that audits a verified artifact for production risk.</summary>
    public static ConvergenceRole Auditor { get; } = new("auditor");

    /// <summary>Initializes a new instance of the <see cref="ConvergenceRole"/> struct.</summary>
    /// <param name="value">The role's name.</param>
    /// <exception cref="ArgumentException"><paramref name="value"/> is null, empty or white space.</exception>
    [JsonConstructor]
    public ConvergenceRole(string value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(value);
        _value = value;
    }

    /// <summary>Gets the role's name (<c>explorer</c> for a default instance).</summary>
    public string Value => _value ?? "explorer";

    /// <summary>Returns a value indicating whether two roles are equal (case-insensitively).</summary>
    /// <param name="left">The first role.</param>
    /// <param name="right">The second role.</param>
    /// <returns><see langword="true"/> if the roles are equal.</returns>
    public static bool operator ==(ConvergenceRole left, ConvergenceRole right) => left.Equals(right);

    /// <summary>Returns a value indicating whether two roles differ.</summary>
    /// <param name="left">The first role.</param>
    /// <param name="right">The second role.</param>
    /// <returns><see langword="true"/> if the roles differ.</returns>
    public static bool operator !=(ConvergenceRole left, ConvergenceRole right) => !left.Equals(right);

    /// <inheritdoc/>
    public override bool Equals([NotNullWhen(true)] object? obj) => obj is ConvergenceRole other && Equals(other);

    /// <inheritdoc/>
    public bool Equals(ConvergenceRole other) => string.Equals(Value, other.Value, StringComparison.OrdinalIgnoreCase);

    /// <inheritdoc/>
    public override int GetHashCode() => StringComparer.OrdinalIgnoreCase.GetHashCode(Value);

    /// <inheritdoc/>
    public override string ToString() => Value;

    /// <summary>Serializes a <see cref="ConvergenceRole"/> as its string value.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public sealed class Converter : JsonConverter<ConvergenceRole>
    {
        /// <inheritdoc/>
        public override ConvergenceRole Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            new(reader.GetString()!);

        /// <inheritdoc/>
        public override void Write(Utf8JsonWriter writer, ConvergenceRole value, JsonSerializerOptions options)
        {
            ArgumentNullException.ThrowIfNull(writer);
            writer.WriteStringValue(value.Value);
        }
    }
}
