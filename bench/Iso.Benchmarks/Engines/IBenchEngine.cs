namespace Iso.Benchmarks.Engines;

/// <summary>The two workloads. A: three automatic steps in a row. B: ten steps, the even ones human.</summary>
public enum Scenario
{
    A,
    B,
}

/// <summary>
/// One workflow engine as the harness drives it. The harness calls <see cref="SetupAsync"/> before every round (a
/// fresh, empty store, so rounds do not slow each other down), then <see cref="RunCaseAsync"/> from up to
/// "in-flight" workers at once, then <see cref="TeardownAsync"/>. Only the <see cref="RunCaseAsync"/> calls are timed.
/// </summary>
public interface IBenchEngine
{
    /// <summary>Stable name used on the command line and in the report.</summary>
    string Name { get; }

    Task SetupAsync(Scenario scenario, CancellationToken cancellationToken);

    /// <summary>
    /// Runs one case to its end: starts it and completes each human step as soon as it is open. For every human step
    /// it adds to <paramref name="humanStepLatencies"/> the <see cref="System.Diagnostics.Stopwatch"/> ticks from the
    /// completion call to the moment the next step is open (or the case has ended, after the last human step).
    /// </summary>
    Task RunCaseAsync(List<long> humanStepLatencies, CancellationToken cancellationToken);

    Task TeardownAsync();
}

public static class ScenarioShape
{
    /// <summary>Steps (nodes of the procedure, start and end excluded) each case executes: the "transitions".</summary>
    public static int StepsPerCase(Scenario scenario) => scenario == Scenario.A ? 3 : 10;

    /// <summary>In scenario B the steps 2, 4, 6, 8 and 10 are human.</summary>
    public static bool IsHumanStep(Scenario scenario, int step) => scenario == Scenario.B && step % 2 == 0;
}
