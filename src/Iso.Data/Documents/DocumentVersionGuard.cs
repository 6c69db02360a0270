using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Iso.Data.Documents;

/// <summary>Thrown when a save would change an issued (effective, superseded, obsolete) document version.</summary>
public sealed class ImmutableDocumentVersionException(string message) : InvalidOperationException(message);

/// <summary>
/// The context's own wall in front of the database triggers: an issued version may only move from effective to
/// superseded or obsolete (with its timestamp); any other change, or deleting it or its attachments, is refused before
/// anything is sent. Stateless and shared, like the history interceptor.
/// </summary>
internal sealed class DocumentVersionGuard : SaveChangesInterceptor
{
    public static DocumentVersionGuard Instance { get; } = new();

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Check(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Check(eventData.Context);
        return ValueTask.FromResult(result);
    }

    private static void Check(DbContext? context)
    {
        if (context is null)
        {
            return;
        }

        context.ChangeTracker.DetectChanges();
        foreach (var entry in context.ChangeTracker.Entries<DocumentVersion>())
        {
            if (entry.State is not (EntityState.Modified or EntityState.Deleted))
            {
                continue;
            }

            var was = entry.Property(v => v.Status).OriginalValue;
            if (!DocumentVersion.IsIssued(was))
            {
                continue;
            }

            if (entry.State == EntityState.Deleted)
            {
                throw new ImmutableDocumentVersionException($"Document version {entry.Entity.Id} is {was}: it cannot be deleted.");
            }

            var changed = entry.Properties.Where(p => p.IsModified && !Equals(p.OriginalValue, p.CurrentValue)).Select(p => p.Metadata.Name).ToList();
            var lifecycleOnly = changed.All(DocumentVersion.LifecycleProperties.Contains);
            var allowedMove = was == DocumentVersionStatus.Effective
                && entry.Entity.Status is DocumentVersionStatus.Superseded or DocumentVersionStatus.Obsolete;
            if (changed.Count > 0 && !(lifecycleOnly && allowedMove))
            {
                throw new ImmutableDocumentVersionException(
                    $"Document version {entry.Entity.Id} is {was}: {string.Join(", ", changed)} cannot be changed.");
            }
        }

        foreach (var entry in context.ChangeTracker.Entries<DocumentAttachment>())
        {
            if (entry.State is EntityState.Added or EntityState.Deleted or EntityState.Modified
                && context.ChangeTracker.Entries<DocumentVersion>().FirstOrDefault(v => v.Entity.Id == entry.Entity.VersionId) is { State: not EntityState.Added } version
                && DocumentVersion.IsIssued(version.Property(v => v.Status).OriginalValue))
            {
                throw new ImmutableDocumentVersionException($"Document version {entry.Entity.VersionId} is issued: its attachments cannot change.");
            }
        }
    }
}
