using Iso.Data.Cases;
using Iso.Data.Preferences;
using Iso.Workflows.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Iso.Data.Configurations;

internal sealed class SavedFilterConfiguration : IEntityTypeConfiguration<SavedFilter>
{
    public void Configure(EntityTypeBuilder<SavedFilter> builder)
    {
        builder.ToTable("SavedFilters");
        builder.HasKey(f => f.Id);
        builder.Property(f => f.Screen).HasMaxLength(50);
        builder.Property(f => f.Name).HasMaxLength(100);
        builder.Property(f => f.Query).HasMaxLength(2000);
        builder.HasIndex(f => new { f.UserId, f.Screen, f.Name }).IsUnique().HasDatabaseName("IX_SavedFilters_User_Screen_Name");
    }
}

internal sealed class NotificationReadConfiguration : IEntityTypeConfiguration<NotificationRead>
{
    public void Configure(EntityTypeBuilder<NotificationRead> builder)
    {
        builder.ToTable("NotificationReads");
        builder.HasKey(r => new { r.NotificationId, r.UserId }).HasName("PK_NotificationReads");
        builder.HasOne<WorkflowNotificationRecord>().WithMany().HasForeignKey(r => r.NotificationId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(r => r.UserId).HasDatabaseName("IX_NotificationReads_User");
    }
}
