using Iso.Data;
using Iso.Data.Documents;
using Iso.Web.Application;
using Iso.Web.Auth;
using Iso.Web.Cases;
using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;

namespace Iso.Web.Documents.FollowUp;

/// <summary>A document version the caller still has to read and acknowledge.</summary>
public sealed record PendingAcknowledgement(
    Guid DocumentId, Guid VersionId, string Code, string Title, DocumentKind Kind, int IssueNo, int RevisionNo, DateOnly? EffectiveOn,
    DateOnly DueOn, bool Overdue);

/// <summary>The password that signs "read and understood".</summary>
public sealed record AcknowledgeRequest(string? Password);

/// <summary>The signature given: who (printed name), when, and what it means.</summary>
public sealed record AcknowledgementSigned(Guid DocumentId, Guid VersionId, string Meaning, Guid UserId, string PrintedName, DateTimeOffset SignedAt);

/// <summary>One person of the round: acknowledged (with the signature) or not, and overdue when past the due date.</summary>
public sealed record AcknowledgementRow(
    Guid UserId, string FullName, string? UnitName, DateOnly DueOn, DateTimeOffset? AcknowledgedAt, string? PrintedName, bool Overdue);

/// <summary>The round of one version: everyone asked, how many have signed, how many are overdue.</summary>
public sealed record AcknowledgementRound(
    Guid DocumentId, Guid VersionId, string Code, string Title, int IssueNo, int RevisionNo, int Total, int Acknowledged, int Overdue,
    IReadOnlyList<AcknowledgementRow> People);

/// <summary>
/// Read-and-understood (issue 11). The rounds are created by the database when a version becomes effective (see
/// <c>CreateDocumentFollowUpTriggers</c>); here a person lists what they still have to acknowledge and signs it with
/// their password, and a quality officer (or leader, or cross-agency reader) sees who has and who has not. Only rounds
/// of the version in force count: a superseded or withdrawn version's open acknowledgements drop out.
/// </summary>
public sealed class DocumentAcknowledgements(
    IDbContextFactory<IsoDbContext> contexts,
    IAuthorizationService authorization,
    PasswordConfirmation passwords,
    TimeProvider clock,
    CaseClock zone)
{
    /// <summary>The meaning of the signature (21 CFR Part 11 §11.50): "đã đọc và hiểu".</summary>
    public const string MeaningReadAndUnderstood = "read-and-understood";

    /// <summary>The caller's pending acknowledgements, the oldest due first.</summary>
    public async Task<Result<IReadOnlyList<PendingAcknowledgement>>> MineAsync(Caller caller, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (!caller.IsSignedIn)
        {
            return Problem.NotSignedIn();
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var today = DocumentDay.Today(clock, zone);
        var rows = await Pending(db, caller)
            .Join(db.DocumentVersions, a => a.VersionId, v => v.Id, (a, v) => new { a, v })
            .Join(db.Documents, x => x.a.DocumentId, d => d.Id, (x, d) => new { x.a, x.v, d })
            .OrderBy(x => x.a.DueOn).ThenBy(x => x.d.Code)
            .Select(x => new { x.d.Id, VersionId = x.v.Id, x.d.Code, x.v.Title, x.d.Kind, x.v.IssueNo, x.v.RevisionNo, x.v.EffectiveOn, x.a.DueOn })
            .Take(500)
            .ToListAsync(cancellationToken);
        return rows.Select(r => new PendingAcknowledgement(r.Id, r.VersionId, r.Code, r.Title, r.Kind, r.IssueNo, r.RevisionNo, r.EffectiveOn, r.DueOn, r.DueOn < today))
            .ToList();
    }

    /// <summary>How many the caller still has to acknowledge (the bell).</summary>
    public async Task<int> CountMineAsync(Caller caller, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (!caller.IsSignedIn)
        {
            return 0;
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await Pending(db, caller).CountAsync(cancellationToken);
    }

    /// <summary>Signs "read and understood" for the version of the document in force, with the caller's password.</summary>
    public async Task<Result<AcknowledgementSigned>> AcknowledgeAsync(Caller caller, Guid id, AcknowledgeRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(request);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var document = await db.Documents.AsNoTracking().SingleOrDefaultAsync(d => d.Id == id, cancellationToken);
        if (document is null || !caller.MayRead(document.AgencyId))
        {
            return DocumentAccess.NotFound(id);
        }

        if (!caller.MayActIn(document.AgencyId))
        {
            return Problem.Forbidden("Problem_DocumentOfAnotherAgency");
        }

        var me = caller.UserId;
        var pending = await db.DocumentAcknowledgements
            .SingleOrDefaultAsync(a => a.VersionId == document.EffectiveVersionId && a.UserId == me && a.DocumentId == id, cancellationToken);
        if (document.ObsoletedAt is not null || pending is null)
        {
            return Problem.Conflict("Problem_NothingToAcknowledge", document.Code);
        }

        if (pending.AcknowledgedAt is { } signedAt)
        {
            return new AcknowledgementSigned(id, pending.VersionId, MeaningReadAndUnderstood, me, pending.PrintedName ?? string.Empty, signedAt);
        }

        if (await passwords.ConfirmAsync(me, request.Password) is not { } printedName)
        {
            return Problem.Invalid("password", "Validation_SignaturePassword");
        }

        pending.AcknowledgedAt = clock.GetUtcNow();
        pending.PrintedName = printedName;
        await db.SaveChangesAsync(cancellationToken);
        return new AcknowledgementSigned(id, pending.VersionId, MeaningReadAndUnderstood, me, printedName, pending.AcknowledgedAt.Value);
    }

    /// <summary>Who was asked to acknowledge the version in force (or <paramref name="versionId"/>), who has and who is
    /// overdue. For quality officers and leaders of the agency and cross-agency readers.</summary>
    public async Task<Result<AcknowledgementRound>> RoundAsync(Caller caller, Guid id, Guid? versionId = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var document = await db.Documents.AsNoTracking().SingleOrDefaultAsync(d => d.Id == id, cancellationToken);
        if (document is null || !caller.MayRead(document.AgencyId))
        {
            return DocumentAccess.NotFound(id);
        }

        if (!caller.MayReadAcrossAgencies
            && !await authorization.AllowsAsync(caller, IsoPolicies.AuthorDocuments)
            && !await authorization.AllowsAsync(caller, IsoPolicies.Approve))
        {
            return Problem.Forbidden("Problem_AcknowledgementsForbidden");
        }

        var wanted = versionId ?? document.EffectiveVersionId;
        var version = wanted is null ? null : await db.DocumentVersions.AsNoTracking()
            .SingleOrDefaultAsync(v => v.Id == wanted && v.DocumentId == id, cancellationToken);
        if (version is null || !DocumentVersion.IsIssued(version.Status))
        {
            return DocumentAccess.NotFound(id);
        }

        var today = DocumentDay.Today(clock, zone);
        var rows = await db.DocumentAcknowledgements.AsNoTracking()
            .Where(a => a.VersionId == version.Id)
            .Join(db.Users, a => a.UserId, u => u.Id, (a, u) => new { a, u.FullName })
            .GroupJoin(db.Units, x => x.a.UnitId, u => u.Id, (x, units) => new { x.a, x.FullName, units })
            .SelectMany(x => x.units.DefaultIfEmpty(), (x, unit) => new { x.a, x.FullName, UnitName = unit == null ? null : unit.Name })
            .ToListAsync(cancellationToken);
        // Open rounds of a version no longer in force are closed: nobody is overdue on a superseded text.
        var live = version.Status == DocumentVersionStatus.Effective && document.ObsoletedAt is null;
        var people = rows
            .Select(r => new AcknowledgementRow(r.a.UserId, r.FullName, r.UnitName, r.a.DueOn, r.a.AcknowledgedAt, r.a.PrintedName,
                live && r.a.AcknowledgedAt is null && r.a.DueOn < today))
            .OrderBy(r => r.AcknowledgedAt is not null).ThenByDescending(r => r.Overdue).ThenBy(r => r.UnitName, StringComparer.CurrentCulture)
            .ThenBy(r => r.FullName, StringComparer.CurrentCulture)
            .ToList();
        return new AcknowledgementRound(
            id, version.Id, document.Code, version.Title, version.IssueNo, version.RevisionNo,
            people.Count, people.Count(p => p.AcknowledgedAt is not null), people.Count(p => p.Overdue), people);
    }

    /// <summary>The caller's open acknowledgements of versions in force.</summary>
    private static IQueryable<DocumentAcknowledgement> Pending(IsoDbContext db, Caller caller)
    {
        var me = caller.UserId;
        var agency = caller.AgencyId;
        return db.DocumentAcknowledgements.AsNoTracking()
            .Where(a => a.UserId == me && a.AgencyId == agency && a.AcknowledgedAt == null)
            .Where(a => db.Documents.Any(d => d.Id == a.DocumentId && d.EffectiveVersionId == a.VersionId && d.ObsoletedAt == null));
    }
}
