// Command health-harness evaluates an ArgoCD health.lua in gopher-lua, the interpreter ArgoCD embeds, the way
// ArgoCD runs a custom health check from argocd-cm (util/lua/lua.go): standard libraries off, then only the
// package, base and table libraries, the object decoded into a Lua table as ArgoCD decodes it, the returned
// table read back. It reads one JSON object per line on stdin and writes one JSON result per line on stdout.
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io/ioutil"
	"os"

	lua "github.com/yuin/gopher-lua"
)

type result struct {
	Status  string `json:"status"`
	Message string `json:"message"`
	Error   string `json:"error,omitempty"`
}

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: health-harness HEALTH_LUA < objects.jsonl")
		os.Exit(2)
	}
	script, err := ioutil.ReadFile(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	lines := bufio.NewScanner(os.Stdin)
	lines.Buffer(make([]byte, 1<<20), 1<<24)
	out := json.NewEncoder(os.Stdout)
	for lines.Scan() {
		var obj map[string]interface{}
		if err := json.Unmarshal(lines.Bytes(), &obj); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		if err := out.Encode(evaluate(string(script), obj)); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
	}
	if err := lines.Err(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

func evaluate(script string, obj map[string]interface{}) result {
	l := lua.NewState(lua.Options{SkipOpenLibs: true})
	defer l.Close()
	libraries := []struct {
		name string
		open lua.LGFunction
	}{
		{lua.LoadLibName, lua.OpenPackage},
		{lua.BaseLibName, lua.OpenBase},
		{lua.TabLibName, lua.OpenTable},
	}
	for _, library := range libraries {
		if err := l.CallByParam(lua.P{Fn: l.NewFunction(library.open), NRet: 0, Protect: true}, lua.LString(library.name)); err != nil {
			return result{Error: err.Error()}
		}
	}
	l.SetGlobal("obj", decode(l, obj))
	if err := l.DoString(script); err != nil {
		return result{Error: err.Error()}
	}
	returned, ok := l.Get(-1).(*lua.LTable)
	if !ok {
		return result{Error: fmt.Sprintf("expected a table from the script, not %s", l.Get(-1).Type())}
	}
	return result{
		Status:  lua.LVAsString(returned.RawGetString("status")),
		Message: lua.LVAsString(returned.RawGetString("message")),
	}
}

// decode turns a JSON value into a Lua value as ArgoCD's decodeValue does: objects into hash tables, arrays
// into sequences, numbers into Lua numbers, null into nil.
func decode(l *lua.LState, value interface{}) lua.LValue {
	switch converted := value.(type) {
	case bool:
		return lua.LBool(converted)
	case float64:
		return lua.LNumber(converted)
	case string:
		return lua.LString(converted)
	case []interface{}:
		array := l.CreateTable(len(converted), 0)
		for _, item := range converted {
			array.Append(decode(l, item))
		}
		return array
	case map[string]interface{}:
		table := l.CreateTable(0, len(converted))
		for key, item := range converted {
			table.RawSetH(lua.LString(key), decode(l, item))
		}
		return table
	}
	return lua.LNil
}
