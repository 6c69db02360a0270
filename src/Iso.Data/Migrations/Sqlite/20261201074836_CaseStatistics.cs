using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Iso.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class CaseStatistics : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_WorkflowTasks_Statistics",
                table: "WorkflowTasks",
                columns: new[] { "AgencyId", "Status", "CreatedAt", "DefinitionKey", "NodeId", "DueAt", "CompletedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_WorkflowCases_Statistics",
                table: "WorkflowCases",
                columns: new[] { "AgencyId", "ReceivedAt", "DefinitionKey", "Status", "DueAt", "CompletedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_WorkflowTasks_Statistics",
                table: "WorkflowTasks");

            migrationBuilder.DropIndex(
                name: "IX_WorkflowCases_Statistics",
                table: "WorkflowCases");
        }
    }
}
