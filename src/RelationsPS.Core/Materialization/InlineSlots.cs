using System.Runtime.CompilerServices;

namespace RelationsPS.Core.Materialization;

/// <summary>
/// Values held in fields of a row object rather than in an array beside it (a second object per row):
/// <see cref="FieldRow{TSlots}"/> and <see cref="ValueRow"/> are generic over one of these inline arrays,
/// one class per width, each width's code compiled for it alone.
/// </summary>
internal static class InlineSlots
{
    /// <summary>How many values <typeparamref name="TSlots"/> holds (a constant for each TSlots once compiled).</summary>
    public static int Count<TSlots>() where TSlots : struct => Unsafe.SizeOf<TSlots>() / IntPtr.Size;

    /// <summary>The value at <paramref name="index"/>; the caller has checked it against <see cref="Count{TSlots}"/>.</summary>
    public static ref object? At<TSlots>(ref TSlots slots, int index) where TSlots : struct =>
        ref Unsafe.Add(ref Unsafe.As<TSlots, object?>(ref slots), index);
}

#pragma warning disable CS0169 // An inline array's one field is its element type; it is read through the array.
[InlineArray(1)] internal struct Slots1 { private object? first; }
[InlineArray(2)] internal struct Slots2 { private object? first; }
[InlineArray(3)] internal struct Slots3 { private object? first; }
[InlineArray(4)] internal struct Slots4 { private object? first; }
[InlineArray(5)] internal struct Slots5 { private object? first; }
[InlineArray(6)] internal struct Slots6 { private object? first; }
[InlineArray(7)] internal struct Slots7 { private object? first; }
[InlineArray(8)] internal struct Slots8 { private object? first; }
[InlineArray(9)] internal struct Slots9 { private object? first; }
[InlineArray(10)] internal struct Slots10 { private object? first; }
[InlineArray(11)] internal struct Slots11 { private object? first; }
[InlineArray(12)] internal struct Slots12 { private object? first; }
[InlineArray(13)] internal struct Slots13 { private object? first; }
[InlineArray(14)] internal struct Slots14 { private object? first; }
[InlineArray(15)] internal struct Slots15 { private object? first; }
#pragma warning restore CS0169
