using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Iso.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class DropTaskStatisticsIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_WorkflowTasks_Statistics",
                table: "WorkflowTasks");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_WorkflowTasks_Statistics",
                table: "WorkflowTasks",
                columns: new[] { "AgencyId", "Status", "CreatedAt", "DefinitionKey", "NodeId", "DueAt", "CompletedAt" });
        }
    }
}
