/* Minimal CPython embedding host for the wasi-deps smoke test.
 *
 * Usage (guest): host SCRIPT
 *   Initialises an isolated interpreter whose only module search path is /usr/lib/python311.zip, runs SCRIPT
 *   (a guest path) as __main__, finalises. Exit status: 0 if the script ran without an uncaught exception
 *   and the interpreter initialised and finalised cleanly; 1 otherwise (the error is printed to stderr).
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdio.h>

static int fail_status(PyConfig *config, PyStatus status) {
    PyConfig_Clear(config);
    if (PyStatus_IsExit(status)) return status.exitcode;
    fprintf(stderr, "host: %s: %s\n", status.func ? status.func : "init", status.err_msg ? status.err_msg : "");
    return 1;
}

int main(int argc, char **argv) {
    if (argc != 2) {
        fprintf(stderr, "usage: host SCRIPT\n");
        return 2;
    }

    PyConfig config;
    PyConfig_InitIsolatedConfig(&config);
    config.site_import = 0;
    config.write_bytecode = 0;
    config.module_search_paths_set = 1;

    PyStatus status = PyConfig_SetBytesString(&config, &config.program_name, argv[0]);
    if (PyStatus_Exception(status)) return fail_status(&config, status);
    status = PyWideStringList_Append(&config.module_search_paths, L"/usr/lib/python311.zip");
    if (PyStatus_Exception(status)) return fail_status(&config, status);
    status = PyConfig_SetBytesArgv(&config, argc - 1, argv + 1);
    if (PyStatus_Exception(status)) return fail_status(&config, status);

    status = Py_InitializeFromConfig(&config);
    if (PyStatus_Exception(status)) return fail_status(&config, status);
    PyConfig_Clear(&config);

    int rc = 0;
    FILE *fp = fopen(argv[1], "rb");
    if (fp == NULL) {
        perror(argv[1]);
        rc = 1;
    } else if (PyRun_SimpleFileExFlags(fp, argv[1], /*closeit=*/1, NULL) != 0) {
        rc = 1; /* the traceback has been printed */
    }
    if (Py_FinalizeEx() < 0) rc = 1;
    return rc;
}
