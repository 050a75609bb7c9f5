package apisim_test

import (
	"fmt"
	"io"
	"net/http"

	"github.com/concbench/concbench/impl/apisim"
)

// The mock front end answers through an httpmock transport: no sockets. The
// content is a function of the seed and the slot header.
func ExampleAPI_MockTransport() {
	api, _ := apisim.New(apisim.Config{Seed: 1})
	client := &http.Client{Transport: api.MockTransport()}

	req, _ := http.NewRequest("GET", apisim.MockBaseURL+apisim.Path+"?min=3&max=6&count=3", nil)
	req.Header.Set(apisim.SlotHeader, "0/0")
	resp, err := client.Do(req)
	if err != nil {
		panic(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	fmt.Println(resp.StatusCode, string(body))
	fmt.Println(api.Stats().Delivered, "delivered")

	resp, _ = client.Get(apisim.MockBaseURL + apisim.Path + "?min=9&max=3")
	body, _ = io.ReadAll(resp.Body)
	resp.Body.Close()
	fmt.Println(resp.StatusCode, string(body))
	// Output:
	// 200 ["luI","Wmj","BBaHje"]
	// 1 delivered
	// 400 {"error":"min (9) must not exceed max (3)"}
}
