namespace Iso.Workflows.Definitions;

/// <summary><c>workflows validate &lt;file-or-folder&gt;</c>: one line per problem, exit 0 valid, 1 problems, 2 path not found.</summary>
public static class DefinitionValidationCli
{
    public static int Run(string fileOrFolder, TextWriter stdout, TextWriter stderr, IReadOnlyCollection<string>? knownActions = null)
    {
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        string[] files;
        if (Directory.Exists(fileOrFolder))
        {
            files = Directory.GetFiles(fileOrFolder, "*.json", SearchOption.TopDirectoryOnly)
                .Where(f => !string.Equals(Path.GetFileName(f), "schema.json", StringComparison.OrdinalIgnoreCase))
                .Order(StringComparer.Ordinal)
                .ToArray();
        }
        else if (File.Exists(fileOrFolder))
        {
            files = [fileOrFolder];
        }
        else
        {
            stderr.WriteLine($"{fileOrFolder}: no such file or folder");
            return 2;
        }

        var errors = 0;
        foreach (var file in files)
        {
            string json;
            try
            {
                json = File.ReadAllText(file);
            }
            catch (IOException ex)
            {
                stdout.WriteLine($"{file}: $: cannot read the file: {ex.Message}");
                errors++;
                continue;
            }

            foreach (var problem in WorkflowDefinitionValidator.Validate(json, file, knownActions))
            {
                stdout.WriteLine(problem.ToString());
                if (!problem.IsWarning)
                {
                    errors++;
                }
            }
        }

        if (errors == 0)
        {
            stdout.WriteLine($"{files.Length} definition(s) valid.");
        }

        return errors == 0 ? 0 : 1;
    }
}
