using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Iso.Data.Cases;
using Iso.Data.Identity;
using Iso.Data.Organisation;
using Iso.Workflows.Persistence;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Iso.Data.History;

/// <summary>Writes one <see cref="HistoryEntry"/> per added, modified or deleted entity into the same SaveChanges
/// (hence the same transaction), and refuses any change to existing history.
/// Stateless and shared: EF caches its internal services per interceptor instance, so one instance serves every context.</summary>
internal sealed class HistoryInterceptor : SaveChangesInterceptor
{
    public static HistoryInterceptor Instance { get; } = new();

    /// <summary>Properties whose values never reach the history; a change to them is recorded as "redacted".</summary>
    private static readonly HashSet<string> Secrets = new(StringComparer.Ordinal)
    {
        "PasswordHash", "SecurityStamp", "ConcurrencyStamp",
    };

    private static readonly JsonSerializerOptions Json = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, // keep Vietnamese readable in the stored JSON
    };

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Record(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Record(eventData.Context);
        return ValueTask.FromResult(result);
    }

    private static void Record(DbContext? context)
    {
        if (context is null)
        {
            return;
        }

        context.ChangeTracker.DetectChanges();
        var isoContext = context as IsoDbContext;
        var actor = isoContext?.Actor ?? SystemActor.Instance;
        var now = (isoContext?.Clock ?? TimeProvider.System).GetUtcNow();
        var entries = new List<HistoryEntry>();

        foreach (var entry in context.ChangeTracker.Entries().ToList())
        {
            if (entry.Entity is HistoryEntry)
            {
                if (entry.State is EntityState.Modified or EntityState.Deleted)
                {
                    throw new InvalidOperationException(
                        $"History is append-only: entry {((HistoryEntry)entry.Entity).Id} cannot be {(entry.State == EntityState.Deleted ? "deleted" : "modified")}.");
                }

                continue;
            }

            if (entry.State is not (EntityState.Added or EntityState.Modified or EntityState.Deleted) || IsSecretEntity(entry.Entity) || HasOwnJournal(entry.Entity))
            {
                continue;
            }

            var changes = DescribeChanges(entry);
            if (changes.Count == 0)
            {
                continue;
            }

            entries.Add(new HistoryEntry
            {
                At = now,
                UserId = actor.UserId,
                UserName = actor.UserName,
                AgencyId = AgencyOf(entry),
                EntityType = entry.Metadata.ShortName(), // e.g. "Agency", "IdentityUserRole" (generic arguments are left out)
                EntityId = KeyOf(entry),
                Action = entry.State.ToString(),
                Changes = changes.ToJsonString(Json),
            });
        }

        context.AddRange(entries);
    }

    /// <summary>Cases, tasks and timers keep their own hash-chained journal (written in the same transaction);
    /// repeating every engine step here would double the write cost of the hot path and add nothing.</summary>
    /// Reception rows and scanned files are written once with their case and never changed (files carry their SHA-256).
    private static bool HasOwnJournal(object entity) =>
        entity is WorkflowCaseRecord or WorkflowTaskRecord or WorkflowTimerRecord or WorkflowJournalEntry
            or WorkflowNotificationRecord or WorkflowApologyRecord or WorkflowEffectRecord
            or CaseReception or CaseFile or CaseCodeSequence or Procedures.ProcedureEvent;

    /// <summary>Login tokens and Data Protection key material are secrets as a whole; file contents (up to megabytes
    /// each) are content-addressed and never change, and the attachment row records them.</summary>
    private static bool IsSecretEntity(object entity) =>
        entity is DataProtectionKey or IdentityUserToken<Guid> or ConsumedRefreshToken or Documents.DocumentFile;

    private static JsonObject DescribeChanges(EntityEntry entry)
    {
        var changes = new JsonObject();
        foreach (var property in entry.Properties)
        {
            var name = property.Metadata.Name;
            var old = entry.State == EntityState.Added ? null : property.OriginalValue;
            var current = entry.State == EntityState.Deleted ? null : property.CurrentValue;
            if (entry.State == EntityState.Modified && (!property.IsModified || Equals(old, current)))
            {
                continue;
            }

            if (entry.State != EntityState.Modified && old is null && current is null)
            {
                continue;
            }

            if (Secrets.Contains(name))
            {
                // The fact that a password or stamp changed is worth keeping; the value never is.
                if (name != "ConcurrencyStamp" && entry.State == EntityState.Modified)
                {
                    changes[name] = new JsonObject { ["redacted"] = true };
                }

                continue;
            }

            changes[name] = new JsonObject
            {
                ["old"] = JsonSerializer.SerializeToNode(old, Json),
                ["new"] = JsonSerializer.SerializeToNode(current, Json),
            };
        }

        return changes;
    }

    private static string KeyOf(EntityEntry entry)
    {
        var key = entry.Metadata.FindPrimaryKey();
        if (key is null)
        {
            return string.Empty;
        }

        // Store-generated keys (e.g. Identity claims' int ids) are not known before saving.
        var parts = key.Properties.Select(p => entry.Property(p.Name))
            .Select(p => p.IsTemporary ? "(new)" : (p.CurrentValue ?? p.OriginalValue) switch
            {
                DateOnly date => date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), // sortable, as typed in CSV files
                var value => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture),
            });
        return string.Join("|", parts);
    }

    private static Guid? AgencyOf(EntityEntry entry)
    {
        if (entry.Entity is Agency agency)
        {
            return agency.Id;
        }

        var property = entry.Metadata.FindProperty("AgencyId");
        if (property is null || (property.ClrType != typeof(Guid) && property.ClrType != typeof(Guid?)))
        {
            return null;
        }

        var value = entry.State == EntityState.Deleted ? entry.Property("AgencyId").OriginalValue : entry.Property("AgencyId").CurrentValue;
        return value as Guid?;
    }
}
