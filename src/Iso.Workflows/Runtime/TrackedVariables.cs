using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace Iso.Workflows.Runtime;

/// <summary>
/// The case variables as an action sees them: read from the case row only when the action reads them, and written
/// back with the case only when the action changed them (most actions do neither, and every step runs one).
/// </summary>
internal sealed class TrackedVariables(CaseExecution execution) : IDictionary<string, object?>
{
    private Dictionary<string, object?> Inner => execution.Variables;

    public object? this[string key]
    {
        get => Inner[key];
        set
        {
            Inner[key] = value;
            execution.MarkVariablesChanged();
        }
    }

    public ICollection<string> Keys => Inner.Keys;

    public ICollection<object?> Values => Inner.Values;

    public int Count => Inner.Count;

    public bool IsReadOnly => false;

    public void Add(string key, object? value)
    {
        Inner.Add(key, value);
        execution.MarkVariablesChanged();
    }

    public void Add(KeyValuePair<string, object?> item) => Add(item.Key, item.Value);

    public void Clear()
    {
        Inner.Clear();
        execution.MarkVariablesChanged();
    }

    public bool Contains(KeyValuePair<string, object?> item) => ((ICollection<KeyValuePair<string, object?>>)Inner).Contains(item);

    public bool ContainsKey(string key) => Inner.ContainsKey(key);

    public void CopyTo(KeyValuePair<string, object?>[] array, int arrayIndex) => ((ICollection<KeyValuePair<string, object?>>)Inner).CopyTo(array, arrayIndex);

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => Inner.GetEnumerator();

    public bool Remove(string key)
    {
        var removed = Inner.Remove(key);
        if (removed)
        {
            execution.MarkVariablesChanged();
        }

        return removed;
    }

    public bool Remove(KeyValuePair<string, object?> item)
    {
        var removed = ((ICollection<KeyValuePair<string, object?>>)Inner).Remove(item);
        if (removed)
        {
            execution.MarkVariablesChanged();
        }

        return removed;
    }

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out object? value) => Inner.TryGetValue(key, out value);

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
