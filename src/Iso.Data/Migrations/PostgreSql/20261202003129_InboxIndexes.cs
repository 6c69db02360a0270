using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Iso.Data.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class InboxIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_WorkflowTasks_Inbox",
                table: "WorkflowTasks");

            migrationBuilder.CreateIndex(
                name: "IX_WorkflowTasks_Inbox",
                table: "WorkflowTasks",
                columns: new[] { "AgencyId", "Status", "DueAt", "CreatedAt", "Id", "AssigneeId", "CandidateRole", "CandidateUnitCode", "DefinitionKey", "CaseId" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_WorkflowTasks_Inbox",
                table: "WorkflowTasks");

            migrationBuilder.CreateIndex(
                name: "IX_WorkflowTasks_Inbox",
                table: "WorkflowTasks",
                columns: new[] { "AgencyId", "Status", "CandidateRole" });
        }
    }
}
