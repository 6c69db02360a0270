namespace Iso.Data.Records;

/// <summary>
/// A kind of record (hồ sơ) an agency keeps (ISO 9001:2015 7.5.3): its name, the procedure (workflow key) whose cases
/// produce it, where it is kept, for how long, and who is responsible. The records of a type are the finished cases of
/// that procedure; their retention ends <see cref="RetentionYears"/> after a case finished.
/// </summary>
public sealed class RecordType
{
    public Guid Id { get; set; }

    public Guid AgencyId { get; set; }

    public required string Name { get; set; }

    /// <summary>The key of the procedure (workflow) whose cases produce these records; null for records kept outside a procedure.</summary>
    public string? ProcedureKey { get; set; }

    /// <summary>Nơi lưu.</summary>
    public required string Location { get; set; }

    /// <summary>Thời hạn lưu tại đơn vị, in years.</summary>
    public int RetentionYears { get; set; }

    /// <summary>Of permanent value: handed to the agency's archive (Lưu trữ cơ quan) when the retention ends, never destroyed.</summary>
    public bool Permanent { get; set; }

    /// <summary>Người/đơn vị chịu trách nhiệm.</summary>
    public required string Responsible { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public Guid CreatedById { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>Counts the saves; the edit form's concurrency token.</summary>
    public int Revision { get; set; }
}
