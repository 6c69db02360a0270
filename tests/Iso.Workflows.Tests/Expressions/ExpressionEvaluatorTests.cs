using Iso.Workflows.Expressions;
using Iso.Workflows.Runtime;

namespace Iso.Workflows.Tests.Expressions;

public sealed class ExpressionEvaluatorTests : IDisposable
{
    private readonly ExpressionEvaluator _evaluator = new(new ExpressionOptions
    {
        Timeout = TimeSpan.FromMilliseconds(300),
        MaxStatements = 1_000_000_000,
    });

    private static readonly Dictionary<string, object?> Vars = new()
    {
        ["complete"] = true,
        ["amount"] = 150d,
        ["name"] = "Nguyễn Văn A",
        ["missing"] = null,
    };

    private bool Eval(string code) => _evaluator.Evaluate(ExpressionEvaluator.Prepare(code), Vars, "test");

    [Theory]
    [InlineData("vars.complete && vars.amount > 100", true)]
    [InlineData("vars.amount > 1000", false)]
    [InlineData("vars.name.startsWith('Nguyễn')", true)]
    [InlineData("vars.missing === null", true)]
    [InlineData("vars.undeclared", false)]
    public void Evaluate_ConditionOverVars_UsesJavaScriptTruthiness(string code, bool expected) =>
        Assert.Equal(expected, Eval(code));

    [Fact]
    public void Evaluate_InfiniteLoop_IsStoppedByTheTimeLimit()
    {
        var ex = Assert.Throws<WorkflowFaultException>(() => Eval("while (true) { }"));

        Assert.IsType<TimeoutException>(ex.InnerException);
    }

    [Fact]
    public void Evaluate_TooManyStatements_IsStopped()
    {
        using var strict = new ExpressionEvaluator(new ExpressionOptions { MaxStatements = 100 });

        Assert.Throws<WorkflowFaultException>(() => strict.Evaluate(ExpressionEvaluator.Prepare("for (let i = 0; i < 1000; i++) { } true"), Vars, "test"));
    }

    [Fact]
    public void Evaluate_RunawayRecursion_IsStopped() =>
        Assert.Throws<WorkflowFaultException>(() => Eval("(function f(n) { return f(n + 1); })(0)"));

    [Fact]
    public void Evaluate_MemoryHog_IsStopped() =>
        Assert.Throws<WorkflowFaultException>(() => Eval("const a = []; while (true) { a.push('x'.repeat(10000)); }"));

    [Theory]
    [InlineData("System.IO.File.Exists('/etc/passwd')")]
    [InlineData("importNamespace('System.IO')")]
    [InlineData("clrHelper.getType('System.IO.File')")]
    public void Evaluate_ClrAccess_IsNotAvailable(string code) =>
        Assert.Throws<WorkflowFaultException>(() => Eval(code));

    [Fact]
    public void Evaluate_NoClrGlobals_AreDefined() =>
        Assert.True(Eval("typeof System === 'undefined' && typeof importNamespace === 'undefined'"));

    [Fact]
    public void Evaluate_StrictMode_RejectsImplicitGlobals() =>
        Assert.Throws<WorkflowFaultException>(() => Eval("leaked = 1; true"));

    [Fact]
    public void Evaluate_StringCompilation_IsDisabled() =>
        Assert.Throws<WorkflowFaultException>(() => Eval("eval('1 + 1') === 2"));

    [Fact]
    public void Evaluate_AfterAFault_TheNextEvaluationStillWorks()
    {
        Assert.Throws<WorkflowFaultException>(() => Eval("while (true) { }"));

        Assert.True(Eval("vars.complete"));
    }

    [Fact]
    public void CheckSyntax_BrokenExpression_ReturnsMessage()
    {
        Assert.NotNull(ExpressionEvaluator.CheckSyntax("vars.a >> > 1"));
        Assert.Null(ExpressionEvaluator.CheckSyntax("vars.a > 1"));
    }

    public void Dispose() => _evaluator.Dispose();
}
