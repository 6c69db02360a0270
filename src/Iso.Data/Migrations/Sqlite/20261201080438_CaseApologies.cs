using System;
using Iso.Data.Providers;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Iso.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class CaseApologies : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterColumn<long>(
                name: "IssuedAt",
                table: "WorkflowApologies",
                type: "INTEGER",
                nullable: true,
                oldClrType: typeof(long),
                oldType: "INTEGER");

            migrationBuilder.AddColumn<long>(
                name: "DraftedAt",
                table: "WorkflowApologies",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<Guid>(
                name: "DraftedById",
                table: "WorkflowApologies",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "FormVersion",
                table: "WorkflowApologies",
                type: "TEXT",
                maxLength: 20,
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "IssuedById",
                table: "WorkflowApologies",
                type: "TEXT",
                nullable: true);

            SqliteProvider.BackfillApologyDrafts(migrationBuilder);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "DraftedAt",
                table: "WorkflowApologies");

            migrationBuilder.DropColumn(
                name: "DraftedById",
                table: "WorkflowApologies");

            migrationBuilder.DropColumn(
                name: "FormVersion",
                table: "WorkflowApologies");

            migrationBuilder.DropColumn(
                name: "IssuedById",
                table: "WorkflowApologies");

            migrationBuilder.AlterColumn<long>(
                name: "IssuedAt",
                table: "WorkflowApologies",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L,
                oldClrType: typeof(long),
                oldType: "INTEGER",
                oldNullable: true);
        }
    }
}
