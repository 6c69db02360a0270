namespace Iso.Data.Documents;

/// <summary>
/// A controlled copy (bản kiểm soát) of a document's version in force, issued to a named holder (a unit or a person of
/// the agency) under a copy number unique in the document (BS-01, BS-02…). A copy is recalled by hand
/// (<see cref="RecalledAt"/>) or, automatically, as soon as its version is no longer in force (superseded by a revision
/// or obsolete): the version's own <c>SupersededAt</c>/<c>ObsoletedAt</c> is then the recall date, so no copy can stay
/// "in force" a moment longer than its text.
/// </summary>
public sealed class DocumentCopy
{
    public Guid Id { get; set; }

    public Guid DocumentId { get; set; }

    public Guid AgencyId { get; set; }

    /// <summary>The version the copy is of (the one in force when it was issued).</summary>
    public Guid VersionId { get; set; }

    /// <summary>1, 2, 3… in the document; printed as <c>BS-01</c>.</summary>
    public int Number { get; set; }

    public Guid? HolderUnitId { get; set; }

    public Guid? HolderUserId { get; set; }

    /// <summary>The holder's name as printed on the copy (the unit's or the person's, at issue).</summary>
    public required string HolderName { get; set; }

    public DateTimeOffset IssuedAt { get; set; }

    public Guid IssuedById { get; set; }

    public DateTimeOffset? RecalledAt { get; set; }

    public Guid? RecalledById { get; set; }

    public string? RecallReason { get; set; }

    /// <summary>The printed copy number: <c>BS-01</c>.</summary>
    public static string Format(int number) => $"BS-{number:00}";
}
