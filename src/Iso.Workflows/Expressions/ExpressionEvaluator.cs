using Acornima.Ast;
using Iso.Workflows.Runtime;
using Jint;
using Jint.Native;

namespace Iso.Workflows.Expressions;

/// <summary>
/// Evaluates decision conditions (JavaScript over <c>vars</c>) with Jint in a sandbox: strict mode, no CLR access,
/// no eval, and limits on time, memory, statements and recursion. Scripts are parsed once (<see cref="Prepare"/>);
/// each thread reuses one engine because creating an engine costs far more than evaluating a condition.
/// </summary>
public sealed class ExpressionEvaluator : IDisposable
{
    private readonly ExpressionOptions _options;
    private readonly ThreadLocal<Engine> _engines;

    public ExpressionEvaluator(ExpressionOptions options)
    {
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _engines = new ThreadLocal<Engine>(CreateEngine);
    }

    /// <summary>Parses a condition once; throws <see cref="Acornima.SyntaxErrorException"/> (or a Jint parse error) when it is not valid JavaScript.</summary>
    public static Prepared<Script> Prepare(string code) => Engine.PrepareScript(code, source: null, strict: true);

    /// <summary>Returns a problem message when <paramref name="code"/> does not parse, otherwise null.</summary>
    public static string? CheckSyntax(string code)
    {
        try
        {
            Prepare(code);
            return null;
        }
#pragma warning disable CA1031 // Any parser failure is reported as a validation problem, never thrown.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return ex.Message;
        }
    }

    /// <summary>Evaluates a prepared condition against the case variables; JavaScript truthiness decides.</summary>
    public bool Evaluate(in Prepared<Script> script, IReadOnlyDictionary<string, object?> variables, string where)
    {
        ArgumentNullException.ThrowIfNull(variables);
        var engine = _engines.Value!;
        try
        {
            var vars = new JsObject(engine);
            foreach (var (name, value) in variables)
            {
                vars.Set(name, ToJs(value));
            }

            engine.SetValue("vars", vars);
            var result = engine.Evaluate(script);
            return TypeConverterTruthy(result);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // A broken engine state must not leak into the next evaluation on this thread.
            _engines.Value = CreateEngine();
            throw new WorkflowFaultException($"Điều kiện tại bước {where} không tính được (condition of node {where} failed): {ex.Message}", ex);
        }
    }

    private static bool TypeConverterTruthy(JsValue value) => value switch
    {
        JsBoolean b => b == JsBoolean.True,
        _ => Jint.Runtime.TypeConverter.ToBoolean(value),
    };

    private static JsValue ToJs(object? value) => value switch
    {
        null => JsValue.Null,
        string s => new JsString(s),
        bool b => b ? JsBoolean.True : JsBoolean.False,
        double d => JsNumber.Create(d),
        _ => new JsString(value.ToString() ?? string.Empty),
    };

    private Engine CreateEngine() => new(o => o
        .Strict()
        .DisableStringCompilation()
        .LimitRecursion(_options.RecursionLimit)
        .LimitMemory(_options.MemoryLimitBytes)
        .MaxStatements(_options.MaxStatements)
        .TimeoutInterval(_options.Timeout));

    public void Dispose() => _engines.Dispose();
}
