using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Iso.Data.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class LoadIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_WorkflowTimers_Case",
                table: "WorkflowTimers");

            migrationBuilder.DropIndex(
                name: "IX_WorkflowTasks_Assignee",
                table: "WorkflowTasks");

            migrationBuilder.CreateIndex(
                name: "IX_WorkflowTimers_Case",
                table: "WorkflowTimers",
                columns: new[] { "CaseId", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_WorkflowTasks_Assignee",
                table: "WorkflowTasks",
                columns: new[] { "AssigneeId", "Status", "AgencyId", "DueAt", "CreatedAt", "Id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_WorkflowTimers_Case",
                table: "WorkflowTimers");

            migrationBuilder.DropIndex(
                name: "IX_WorkflowTasks_Assignee",
                table: "WorkflowTasks");

            migrationBuilder.CreateIndex(
                name: "IX_WorkflowTimers_Case",
                table: "WorkflowTimers",
                column: "CaseId");

            migrationBuilder.CreateIndex(
                name: "IX_WorkflowTasks_Assignee",
                table: "WorkflowTasks",
                columns: new[] { "AssigneeId", "Status" });
        }
    }
}
