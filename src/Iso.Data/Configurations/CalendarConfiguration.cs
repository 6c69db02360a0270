using Iso.Data.Calendar;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Iso.Data.Configurations;

internal sealed class CalendarYearConfiguration : IEntityTypeConfiguration<CalendarYear>
{
    public void Configure(EntityTypeBuilder<CalendarYear> builder)
    {
        builder.ToTable("CalendarYears");
        builder.HasKey(y => y.Year).HasName("PK_CalendarYears");
        builder.Property(y => y.Year).ValueGeneratedNever();
        builder.HasMany(y => y.Days).WithOne().HasForeignKey(d => d.Year)
            .OnDelete(DeleteBehavior.Cascade).HasConstraintName("FK_CalendarDays_CalendarYears_Year");
    }
}

internal sealed class CalendarDayConfiguration : IEntityTypeConfiguration<CalendarDay>
{
    public void Configure(EntityTypeBuilder<CalendarDay> builder)
    {
        builder.ToTable("CalendarDays");
        builder.HasKey(d => d.Date).HasName("PK_CalendarDays");
        builder.Property(d => d.Kind).HasConversion<string>().HasMaxLength(20);
        builder.Property(d => d.Name).HasMaxLength(200);
        builder.HasIndex(d => d.Year).HasDatabaseName("IX_CalendarDays_Year");
    }
}
