using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Iso.Data.Workflows;

internal static class DatabaseErrors
{
    private const int SqliteConstraint = 19;
    private const int SqliteConstraintPrimaryKey = 1555;
    private const int SqliteConstraintUnique = 2067;
    private const int SqliteConstraintTrigger = 1811;

    public static bool IsUniqueViolation(DbUpdateException exception) => exception.InnerException is DbException inner && IsUniqueViolation(inner);

    public static bool IsUniqueViolation(DbException exception) => exception switch
    {
        SqliteException s => s.SqliteErrorCode == SqliteConstraint
            && s.SqliteExtendedErrorCode is SqliteConstraintPrimaryKey or SqliteConstraintUnique,
        PostgresException p => p.SqlState == PostgresErrorCodes.UniqueViolation,
        _ => false,
    };

    /// <summary>A trigger refused the write (SQLite <c>RAISE(ABORT, …)</c>, PostgreSQL <c>restrict_violation</c>), e.g. an
    /// effect of a workflow step that the host's data does not allow.</summary>
    public static bool IsTriggerRefusal(DbException exception) => exception switch
    {
        SqliteException s => s.SqliteErrorCode == SqliteConstraint && s.SqliteExtendedErrorCode == SqliteConstraintTrigger,
        PostgresException p => p.SqlState == PostgresErrorCodes.RestrictViolation,
        _ => false,
    };

    /// <summary>The refusal as the engine reports a step that cannot be carried out (nothing of it is stored).</summary>
    public static Iso.Workflows.Runtime.WorkflowFaultException Refused(DbException exception) =>
        new($"Cơ sở dữ liệu từ chối bước này (the database refused the step): {(exception is PostgresException p ? p.MessageText : exception.Message)}");
}
