// Keeps the city select limited to the chosen department's municipalities.
(function () {
  "use strict";
  const dataNode = document.getElementById("city-options");
  const department = document.getElementById("id_departamento");
  const city = document.getElementById("id_ciudad");
  if (!dataNode || !department || !city) {
    return;
  }
  const options = JSON.parse(dataNode.textContent);

  function refill() {
    const current = city.value;
    city.replaceChildren(new Option("---------", ""));
    (options[department.value] || []).forEach(function (pair) {
      city.add(new Option(pair[1], pair[0], false, pair[0] === current));
    });
  }

  department.addEventListener("change", refill);
})();
