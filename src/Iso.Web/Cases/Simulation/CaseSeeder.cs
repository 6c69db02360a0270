using System.Diagnostics;
using Iso.Data;
using Iso.Data.Cases;
using Iso.Data.Workflows;
using Iso.Data.Workflows.Sql;
using Iso.Workflows.Calendar;
using Iso.Workflows.Definitions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Iso.Web.Cases.Simulation;

/// <summary>Where a seeding run stands.</summary>
public sealed record SeedProgress(int Done, int Total, int OnTime, int Late, int LateWithApology, int InProgress, TimeSpan Elapsed)
{
    public double CasesPerSecond => Elapsed.TotalSeconds > 0 ? Done / Elapsed.TotalSeconds : 0;
}

/// <summary>
/// <c>seed --cases N</c> (ADR 0024): adds N realistic cases of the past twelve months to the agencies that can run their
/// published TTHC procedures with their own people (the demo agencies), through the engine with a back-dated clock
/// (<see cref="CaseSimulator"/>). About 85 % are resolved on time, 11 % late — most of those with the apology the engine
/// issues when the case's overdue timer fires — and 4 % are still in progress, received in the last two weeks.
/// Cases are played in batches, many at once (the store's group commit batches their transactions): first every case up
/// to its end, or up to its appointment when it is to be late with an apology; then the overdue timers of those fire in
/// the order of their appointments; then they are finished. Each run adds N more (codes continue each day's numbering).
/// </summary>
public sealed class CaseSeeder(IServiceProvider services, WorkingCalendar calendar, TimeProvider time)
{
    public async Task<SeedProgress> RunAsync(
        int count, int concurrency, int batchSize, int randomSeed, Action<SeedProgress> progress, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(concurrency);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        ArgumentNullException.ThrowIfNull(progress);
        var procedures = await RunnableProceduresAsync(cancellationToken);
        if (procedures.Count == 0)
        {
            throw new InvalidOperationException("No agency can run a published TTHC procedure with its own people: run 'seed --demo' first.");
        }

        var simulator = await CaseSimulator.CreateAsync(services, [.. procedures.Select(p => p.AgencyId).Distinct()], cancellationToken);
        var receptions = ReceptionsOf(simulator, procedures);
        var random = new Random(randomSeed);
        var now = time.GetUtcNow();
        var yearAgo = now.AddYears(-1);
        var recent = now.AddDays(-14);
        var clock = Stopwatch.StartNew();
        int done = 0, onTime = 0, late = 0, withApology = 0, inProgress = 0;
        SeedProgress Progress() => new(done, count, onTime, late, withApology, inProgress, clock.Elapsed);

        while (done < count)
        {
            var plans = new List<CasePlan>(Math.Min(batchSize, count - done));
            for (var i = 0; i < plans.Capacity; i++)
            {
                plans.Add(Plan(random, procedures[random.Next(procedures.Count)], yearAgo, recent, now));
            }

            await TakeCodesAsync(plans, cancellationToken);
            var played = await PlayAsync(simulator, plans, now, concurrency, cancellationToken);
            // The batch's receptions at the desk, once its cases are stored (the engine committed them).
            await using (var scope = services.CreateAsyncScope())
            {
                await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<IsoDbContext>>().CreateDbContextAsync(cancellationToken);
                db.CaseReceptions.AddRange(receptions(played));
                await db.SaveChangesAsync(cancellationToken);
            }

            foreach (var p in played)
            {
                switch (p.Plan.Fate)
                {
                    case CaseFate.OnTime: onTime++; break;
                    case CaseFate.Late: late++; break;
                    case CaseFate.LateWithApology: withApology++; break;
                    default: inProgress++; break;
                }
            }

            done += played.Length;
            progress(Progress());
        }

        return Progress();
    }

    /// <summary>
    /// <c>seed --cases N --bulk</c> (ADR 0027): each batch is played by the same engine, people, calendar, back-dated
    /// clocks and journal key on an in-memory store, in the same three phases, and its final rows are then stored in one
    /// transaction (<see cref="BulkCaseWriter"/>) while the next batch plays. Case codes are taken from the database's
    /// day sequences as before. For a database nothing else writes to meanwhile (a fresh seed).
    /// </summary>
    /// <param name="also">Cases planned elsewhere (<see cref="DemoInboxPlansAsync"/>), played and stored after the
    /// <paramref name="count"/> generated ones, as one more batch.</param>
    public async Task<SeedProgress> RunBulkAsync(
        int count, int concurrency, int batchSize, int randomSeed, Action<SeedProgress> progress, IReadOnlyList<CasePlan>? also = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(concurrency);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        ArgumentNullException.ThrowIfNull(progress);
        var procedures = await RunnableProceduresAsync(cancellationToken);
        if (procedures.Count == 0)
        {
            throw new InvalidOperationException("No agency can run a published TTHC procedure with its own people: run 'seed --demo' first.");
        }

        await using var scope = services.CreateAsyncScope();
        var definitions = new CachedDefinitionStore(ActivatorUtilities.CreateInstance<EfWorkflowDefinitionStore>(scope.ServiceProvider));
        var simulator = await CaseSimulator.CreateAsync(services, [.. procedures.Select(p => p.AgencyId).Distinct()], cancellationToken);
        await using var writer = BulkCaseWriter.Open(services);
        var receptions = ReceptionsOf(simulator, procedures);
        var random = new Random(randomSeed);
        var now = time.GetUtcNow();
        var yearAgo = now.AddYears(-1);
        var recent = now.AddDays(-14);
        var clock = Stopwatch.StartNew();
        int done = 0, onTime = 0, late = 0, withApology = 0, inProgress = 0, planned = 0;
        var extra = also ?? [];
        var extraTaken = extra.Count == 0;
        SeedProgress Progress() => new(done, count + extra.Count, onTime, late, withApology, inProgress, clock.Elapsed);
        Task? writing = null;
        int[] writingFates = [];

        async Task FinishWriteAsync()
        {
            if (writing is null)
            {
                return;
            }

            await writing;
            onTime += writingFates[0];
            late += writingFates[1];
            withApology += writingFates[2];
            inProgress += writingFates[3];
            done += writingFates.Sum();
            writing = null;
            progress(Progress());
        }

        // The next batch's codes are taken before the current batch is written: on SQLite the sequence table would
        // otherwise wait for the writer's transaction, and the two would never overlap.
        async Task<List<CasePlan>?> NextAsync()
        {
            if (planned >= count)
            {
                if (extraTaken)
                {
                    return null;
                }

                extraTaken = true;
                var last = extra.ToList();
                await TakeCodesAsync(last, cancellationToken);
                return last;
            }

            var next = new List<CasePlan>(Math.Min(batchSize, count - planned));
            for (var i = 0; i < next.Capacity; i++)
            {
                next.Add(Plan(random, procedures[random.Next(procedures.Count)], yearAgo, recent, now));
            }

            planned += next.Count;
            await TakeCodesAsync(next, cancellationToken);
            return next;
        }

        var plans = await NextAsync();
        while (plans is not null)
        {
            var store = new RecordingWorkflowStore();
            var played = await PlayAsync(simulator.On(store, definitions), plans, now, concurrency, cancellationToken);
            var rows = store.Rows();
            rows.Receptions.AddRange(receptions(played));
            var fates = new int[4];
            foreach (var p in played)
            {
                fates[(int)p.Plan.Fate]++;
            }

            await FinishWriteAsync();
            plans = await NextAsync();
            writingFates = fates;
            writing = Task.Run(() => writer.WriteAsync(rows, cancellationToken), cancellationToken);
        }

        await FinishWriteAsync();
        await writer.FinishAsync(cancellationToken);
        return Progress();
    }

    /// <summary>
    /// The demo's work in progress, so that every demo role finds work in its inbox: for each published TTHC procedure an
    /// agency runs with its own people, a few cases stopped at each human step after the intake (which the one-stop desk
    /// completes when it receives a case) — the leader's assignment, the specialist's processing, the parallel
    /// consultation, the unit head's review, the leader's signature, the registration, the return at the desk. At each
    /// step: one unclaimed for the unit (or with the person the step names) and on time, one claimed by the person who may
    /// do it, and one due soon — or overdue by two working hours at the step with the longest allotted time and at the
    /// agency leader's signature. Each is received so that its previous steps, at a brisk pace, end just when its stopped
    /// task must open for that standing now (working time of the calendar); where a step's task opens after the receipt
    /// is learnt by playing the procedure once on a store in memory. Played by the engine like every other case (pass them
    /// to <see cref="RunBulkAsync"/>); deterministic but for the moment it is now.
    /// </summary>
    public async Task<List<CasePlan>> DemoInboxPlansAsync(CancellationToken cancellationToken = default)
    {
        const decimal pace = 0.5m;
        var procedures = await RunnableProceduresAsync(cancellationToken);
        var plans = new List<CasePlan>();
        if (procedures.Count == 0)
        {
            return plans;
        }

        await using var scope = services.CreateAsyncScope();
        var definitions = new CachedDefinitionStore(ActivatorUtilities.CreateInstance<EfWorkflowDefinitionStore>(scope.ServiceProvider));
        var simulator = await CaseSimulator.CreateAsync(services, [.. procedures.Select(p => p.AgencyId).Distinct()], cancellationToken);
        var now = time.GetUtcNow();
        // Moments are counted back from now in working time: from an anchor far enough back, forward by what lies between.
        var anchor = now.AddDays(-90);
        var toNow = calendar.WorkingTimeBetween(anchor, now).Hours;
        DateTimeOffset Before(decimal hours) => calendar.AddWorkingTime(anchor, WorkingDuration.FromHours(decimal.Round(toNow - hours, 2)));

        foreach (var procedure in procedures.OrderBy(p => p.AgencyId).ThenBy(p => p.Key, StringComparer.Ordinal))
        {
            var store = new RecordingWorkflowStore();
            var dry = await simulator.On(store, definitions).PlayAsync(
                new CasePlan(procedure.AgencyId, procedure.Key, anchor, CaseFate.OnTime, pace) { Code = "DRY-RUN" }, DateTimeOffset.MaxValue, cancellationToken);
            var opened = new HashSet<DateTimeOffset>();
            var stops = (await store.GetTasksOfCaseAsync(dry.Id, cancellationToken))
                .OrderBy(t => t.CreatedAt).ThenBy(t => t.NodeId, StringComparer.Ordinal)
                .Skip(1)
                .Where(t => opened.Add(t.CreatedAt)) // parallel steps open together: one stop shows them all
                .Select(t => new
                {
                    t.NodeId,
                    t.CandidateUnitCode,
                    After = calendar.WorkingTimeBetween(anchor, t.CreatedAt).Hours,
                    Allotted = t.DueAt is { } due ? t.AllottedHours ?? calendar.WorkingTimeBetween(t.CreatedAt, due).Hours : (decimal?)null,
                })
                .ToList();
            if (stops.Count == 0)
            {
                continue;
            }

            var longest = stops.Max(s => s.Allotted ?? 0m);
            foreach (var stop in stops)
            {
                // Working hours since the stopped task opened, and whether its person has claimed it (a task the step already
                // gave to someone stays theirs).
                (decimal Elapsed, bool Claim)[] variants = stop.Allotted is not { } allotted
                    ? [(1m, false), (3m, false)]
                    : stop.Allotted == longest || stop.CandidateUnitCode is null
                        ? [(allotted * 0.2m, false), (allotted * 0.35m, true), (allotted + 2m, true)]
                        : [(allotted * 0.2m, false), (allotted * 0.35m, true), (allotted - (calendar.DueSoon.ThresholdHours(WorkingDuration.FromHours(allotted)) / 2m), true)];
                foreach (var (elapsed, claim) in variants)
                {
                    var opens = Before(elapsed);
                    plans.Add(new CasePlan(procedure.AgencyId, procedure.Key, Before(elapsed + stop.After), CaseFate.InProgress, pace)
                    {
                        StopAt = stop.NodeId,
                        ClaimAt = claim ? calendar.AddWorkingTime(opens, WorkingDuration.FromHours(decimal.Round(Math.Min(elapsed / 2m, 1m), 2))) : null,
                    });
                }
            }
        }

        return plans;
    }

    /// <summary>Plays a batch: first every case up to its end, or up to its appointment when it is to be late with an
    /// apology, or up to now when it stays in progress; then the overdue timers of the late ones fire in the order of
    /// their appointments and a leader issues each drafted letter; then the late cases are finished.</summary>
    private static async Task<SimulatedCase[]> PlayAsync(
        CaseSimulator simulator, List<CasePlan> plans, DateTimeOffset now, int concurrency, CancellationToken cancellationToken)
    {
        // 1. Every case up to its end, its appointment (late with apology) or now (in progress), many at once.
        var played = new SimulatedCase[plans.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, plans.Count), new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = cancellationToken },
            async (i, ct) =>
            {
                var simulated = await simulator.StartAsync(plans[i], ct);
                var until = plans[i].Fate switch
                {
                    CaseFate.LateWithApology => simulated.DueAt ?? DateTimeOffset.MaxValue,
                    CaseFate.InProgress => now,
                    _ => DateTimeOffset.MaxValue,
                };
                await simulator.AdvanceAsync(simulated, until, ct);
                if (plans[i].ClaimAt is { } claimAt)
                {
                    await simulator.ClaimStoppedAsync(simulated, claimAt, ct);
                }

                played[i] = simulated;
            });

        // 2. The overdue timers fire in the order of the appointments, each at its own moment.
        var waiting = played.Where(p => p.Plan.Fate == CaseFate.LateWithApology && p.DueAt is not null && !p.Finished)
            .OrderBy(p => p.DueAt).ToList();
        foreach (var p in waiting)
        {
            await simulator.FireTimersAsync(p.DueAt!.Value.AddMinutes(1), cancellationToken);
        }

        // 2b. A leader issues each drafted letter a couple of hours after the appointment passed.
        foreach (var p in waiting)
        {
            await simulator.IssueApologyAsync(p, p.DueAt!.Value.AddHours(2), cancellationToken);
        }

        // 3. The late cases are finished after their apology.
        await Parallel.ForEachAsync(waiting, new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = cancellationToken },
            async (p, ct) => await simulator.AdvanceAsync(p, DateTimeOffset.MaxValue, ct));
        return played;
    }

    /// <summary>
    /// The one-stop desk's reception of each played case, as a case received at the desk has one (its receipt prints):
    /// the plausible applicant of <see cref="DemoApplicants"/>, the documents the procedure lists, the current receipt
    /// form, taken in by the person who does the procedure's intake step. None for a procedure that lists no documents
    /// or has no intake at the desk.
    /// </summary>
    private Func<IEnumerable<SimulatedCase>, List<CaseReception>> ReceptionsOf(CaseSimulator simulator, List<RunnableProcedure> procedures)
    {
        var options = services.GetRequiredService<IOptions<ReceptionOptions>>().Value;
        var desk = new Dictionary<(Guid, string), (string Documents, Guid Clerk)>();
        foreach (var procedure in procedures)
        {
            if (DemoApplicants.DocumentsJson(procedure.Definition) is { } documents
                && simulator.ReceptionClerk(procedure.AgencyId, procedure.Definition, options.ReceptionUnitCode) is { } clerk)
            {
                desk.TryAdd((procedure.AgencyId, procedure.Key), (documents, clerk));
            }
        }

        return played => [.. played
            .Select(p => desk.TryGetValue((p.Plan.AgencyId, p.Plan.ProcedureKey), out var d)
                ? DemoApplicants.Reception(p.Id, p.Plan.AgencyId, p.Code, d.Documents, options.ReceiptFormVersion, d.Clerk)
                : null)
            .OfType<CaseReception>()];
    }

    /// <summary>Gives every plan its case code, each agency's day taking its numbers at once, in one transaction: the
    /// engine's writer then never waits on the sequence table.</summary>
    private async Task TakeCodesAsync(List<CasePlan> plans, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var contexts = scope.ServiceProvider.GetRequiredService<IDbContextFactory<IsoDbContext>>();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var units = await db.Agencies.AsNoTracking().Select(a => new { a.Id, Unit = a.ElectronicCode ?? a.Code }).ToDictionaryAsync(a => a.Id, a => a.Unit, cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var groups = Enumerable.Range(0, plans.Count)
            .GroupBy(i => (plans[i].AgencyId, Day: DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(plans[i].ReceivedAt, calendar.TimeZone).DateTime)))
            .ToList();
        foreach (var group in groups)
        {
            var first = await CaseCodeAllocator.TakeRangeAsync(db, group.Key.AgencyId, group.Key.Day, group.Count(), cancellationToken);
            var n = first;
            foreach (var i in group.OrderBy(i => plans[i].ReceivedAt))
            {
                plans[i] = plans[i] with { Code = CaseCodes.Format(units[group.Key.AgencyId], group.Key.Day, n++) };
            }
        }

        await transaction.CommitAsync(cancellationToken);
    }

    private CasePlan Plan(Random random, RunnableProcedure procedure, DateTimeOffset yearAgo, DateTimeOffset recent, DateTimeOffset now)
    {
        var roll = random.NextDouble();
        if (roll < 0.04)
        {
            // Received in the last two weeks, a few steps done.
            var received = Received(random, recent, now);
            return new CasePlan(procedure.AgencyId, procedure.Key, received, CaseFate.InProgress, Pace(random, 0.3, 0.9), random.Next(0, 3));
        }

        // Received during the year, early enough that even a late case is finished by now.
        var at = Received(random, yearAgo, procedure.LatestReceipt(calendar, now));
        return roll switch
        {
            < 0.89 => new CasePlan(procedure.AgencyId, procedure.Key, at, CaseFate.OnTime, Pace(random, 0.25, 0.95)),
            < 0.905 => new CasePlan(procedure.AgencyId, procedure.Key, at, CaseFate.Late, Pace(random, 1.05, 1.6)),
            _ => new CasePlan(procedure.AgencyId, procedure.Key, at, CaseFate.LateWithApology, Pace(random, 1.1, 1.8)),
        };
    }

    /// <summary>A moment within working hours between the two instants.</summary>
    private DateTimeOffset Received(Random random, DateTimeOffset from, DateTimeOffset to)
    {
        var span = calendar.WorkingTimeBetween(from, to).Hours;
        var at = calendar.AddWorkingTime(from, WorkingDuration.FromHours(decimal.Round((decimal)random.NextDouble() * span, 2)));
        return at > to ? to : at;
    }

    private static decimal Pace(Random random, double min, double max) => decimal.Round((decimal)(min + (random.NextDouble() * (max - min))), 3);

    /// <summary>The published TTHC procedures of each agency whose every step has a person of that agency to do it.</summary>
    private async Task<List<RunnableProcedure>> RunnableProceduresAsync(CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var procedures = scope.ServiceProvider.GetRequiredService<CaseProcedures>();
        var contexts = scope.ServiceProvider.GetRequiredService<IDbContextFactory<IsoDbContext>>();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var agencies = await db.Users.AsNoTracking().Where(u => u.IsActive).Select(u => u.AgencyId).Distinct().ToListAsync(cancellationToken);
        var simulator = await CaseSimulator.CreateAsync(services, agencies, cancellationToken);
        var runnable = new List<RunnableProcedure>();
        foreach (var agency in agencies)
        {
            foreach (var procedure in await procedures.ListReceivableAsync(agency, cancellationToken))
            {
                if (simulator.CanRun(agency, procedure.Definition))
                {
                    runnable.Add(new RunnableProcedure(agency, procedure.Definition.Key, procedure.Definition));
                }
            }
        }

        return runnable;
    }

    private sealed record RunnableProcedure(Guid AgencyId, string Key, WorkflowDefinition Definition)
    {
        /// <summary>The latest receipt that leaves room for a late case (twice the time limit) before now.</summary>
        public DateTimeOffset LatestReceipt(WorkingCalendar calendar, DateTimeOffset now)
        {
            var limit = Definition.TimeLimit?.ToWorkingDuration()?.Hours ?? 40m;
            // Walk back whole weeks of calendar time until twice the limit fits in working time.
            var at = now.AddDays(-14);
            while (calendar.WorkingTimeBetween(at, now).Hours < (2 * limit) + 8)
            {
                at = at.AddDays(-7);
            }

            return at;
        }
    }
}
